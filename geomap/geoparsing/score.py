"""The calibrated score of a resolved mention: the probability that it is a real place
mention resolved within 161 km, and the threshold below which recognised mentions are dropped.
"""
from __future__ import annotations

import math

from geomap.geoparsing.recognized import Recognized
from geomap.geoparsing.resolve import Resolution

__all__ = ["MIN_SCORE", "QUALIFIED_SCORE", "CALIBRATION", "mention_features", "score_mention"]


#: Recognised toponyms and metonyms scoring below this are dropped (not for given spans;
#: demonyms are always kept, flagged, for the event stage to skip).  A metonym scoring this
#: low is mostly a person ("Nelson said": Nelson, New Zealand is not speaking).
MIN_SCORE = 0.25

#: The least score of a town placed inside the region (admin-1 or -2) the text names right
#: after it ("Darivka, Kherson oblast", "Bilozerka in the Kherson region"): the text itself
#: says where it is, which the calibration (fitted on news where such villages are rare and
#: population is the best prior) cannot see, so a village of a few hundred people there is
#: not dropped as unlikely.
QUALIFIED_SCORE = 0.5


#: Logistic calibration of the mention score (fitted on the dev sets' end-to-end output;
#: the target is "a real place mention resolved within 161 km").  Features: see
#: :func:`mention_features`.
CALIBRATION = (-3.583, 0.166, 1.266, -0.019, -2.049, -1.577, 2.110, 2.988, 2.938, 2.954, 0.423)


_NAMED_FEATURES = frozenset({"continent", "sea", "region", "river", "lake"})


def mention_features(rec: Recognized, resolution: Resolution, count: int) -> tuple[float, ...]:
    """Features of a mention for the calibrated score."""
    place = resolution.place
    p = min(max(resolution.score, 1e-4), 1 - 1e-4)
    kind = place.kind if place is not None else ""
    if kind == "city":
        pop = math.log10((place.population or 0) + 1) / 7
    elif kind in _NAMED_FEATURES:
        pop = 1.0  # named physical features and regions are well known
    else:
        pop = 0.0
    return (1.0, math.log(p / (1 - p)), rec.confidence, float(" " not in rec.text),
            float(rec.role == "demonym"), float(rec.role == "metonym"),
            float(kind == "country"), float(kind == "admin1"), float(kind == "admin2"),
            pop, math.log1p(count - 1))


def score_mention(rec: Recognized, resolution: Resolution, count: int = 1) -> float:
    """Probability that the mention is a place resolved within 161 km (0 when NIL)."""
    place = resolution.place
    if place is None:
        return 0.0
    # mention_features weighed term by term, in its order (the same sum, bit for bit)
    p = min(max(resolution.score, 1e-4), 1 - 1e-4)
    kind = place.kind
    if kind == "city":
        pop = math.log10((place.population or 0) + 1) / 7
    elif kind in _NAMED_FEATURES:
        pop = 1.0
    else:
        pop = 0.0
    c = CALIBRATION
    z = (c[0] * 1.0 + c[1] * math.log(p / (1 - p)) + c[2] * rec.confidence
         + c[3] * float(" " not in rec.text) + c[4] * float(rec.role == "demonym")
         + c[5] * float(rec.role == "metonym") + c[6] * float(kind == "country")
         + c[7] * float(kind == "admin1") + c[8] * float(kind == "admin2") + c[9] * pop
         + c[10] * math.log1p(count - 1))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

"""The learned ranker: the shipped weights, the features, and same-name places decided by
weak context (sentences written for these tests)."""
from __future__ import annotations

import json

import pytest

from geomap.geoparsing import ranker
from geomap.geoparsing.features import CONTEXT, FEATURES, STATIC, intrinsic_features
from geomap.geoparsing.parse import geoparse
from gazetteer.record import Place


def P(pid, name, kind, pop=0, cc="US", a1=None, fcode=None):
    return Place(place_id=pid, name=name, kind=kind, lat=0.0, lon=0.0, country_code=cc,
                 admin1_code=a1, population=pop, feature_code=fcode)


def test_shipped_weights_cover_every_feature():
    assert ranker.WEIGHTS_FILE.exists()
    data = json.loads(ranker.WEIGHTS_FILE.read_text())
    assert set(data["weights"]) == set(FEATURES)
    assert "cross_validated" in data and "in_sample" in data
    model = ranker.load()
    assert model.reach > 0 and len(model.static) == len(STATIC)
    assert all(model.context[f] > 0 for f in CONTEXT)   # context can only help a reading


def test_unknown_feature_is_refused():
    with pytest.raises(ValueError):
        ranker.Ranker.from_weights({"no_such_feature": 1.0})


def test_use_restores_the_active_ranker():
    before = ranker.active()
    with ranker.use(ranker.Ranker.from_weights(ranker.HAND_SET)):
        assert ranker.active() is not before
    assert ranker.active() is before


def test_intrinsic_features():
    kyiv_city = P("1", "Kyiv", "city", 2_900_000, "UA", "UA.12", "PPLC")
    kyiv_obl = P("2", "Kyiv", "admin1", 1_700_000, "UA", "UA.12")
    village = P("3", "Kiev", "city", 300, "US", "US.OK")
    rows = intrinsic_features([kyiv_city, kyiv_obl, village], "kyiv")
    f = {name: k for k, name in enumerate(STATIC)}
    assert rows[0][f["capital"]] == 1 and rows[0][f["top_prior"]] == 1
    assert rows[1][f["city_state"]] == 1 and rows[1][f["main_area"]] == 1
    assert rows[2][f["small_alt"]] == 1 and rows[2][f["prior_gap"]] < 0


def where(text, name, gz):
    return {m.text: m for m in geoparse(text, gazetteer=gz)}[name].place


def test_weak_context_venice_in_italy(gazetteer):
    p = where("Gondoliers in Venice went on strike, and trains from Milan to Verona were late.",
              "Venice", gazetteer)
    assert p.country_code == "IT"


def test_weak_context_karak_in_jordan(gazetteer):
    text = "Floods cut the road from Amman to Karak, and Jordan closed schools in Madaba."
    p = where(text, "Karak", gazetteer)
    assert p.country_code == "JO"


def test_weak_context_us_town_stays_in_its_state(gazetteer):
    text = "Deputies in Sarasota County said a boat capsized off Venice, Florida, on Sunday."
    p = where(text, "Venice", gazetteer)
    assert p.country_code == "US" and p.admin1_code == "US.FL"

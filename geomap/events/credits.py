"""Photo and video credits of agency captions: not places, not events.

An agency photo caption ends with its credit: "REUTERS/Gleb Garanich", "(AP Photo/Efrem
Lukatsky)", "(Photo by Roman PILIPEY / AFP)", "Press service of the Kharkiv Regional Military
Administration/Handout via REUTERS", "ATTENTION EDITORS - THIS IMAGE HAS BEEN SUPPLIED BY A
THIRD PARTY."  A photographer's name can be a place name (Roman, Alexander) and a handout's
source names a region; neither is where the pictured event happened, so :func:`credit_spans`
finds the credits and the event stage masks them like a dateline.
"""
from __future__ import annotations

import re

__all__ = ["credit_spans"]

_NAME = r"[A-Z][\w.’'-]*(?:[ \t]+(?:[A-Z][\w.’'-]*|de|van|von|al|el)){0,4}"
_CREDIT = re.compile(
    # "(AP Photo/Name)", "(Photo by Name / AFP)", "(Photo: Name/EPA)"
    r"\((?:(?:AP|AFP|EPA|Reuters|REUTERS)\s+Photo\s*/|Photo\s+(?:by\s+|:\s*))[^()\n]{1,100}\)"
    # "Source/Handout via REUTERS": the whole credit line back to the last sentence end
    r"|(?:^|(?<=[.!?)]\s))[A-Z][^.!?\n/]{0,160}/\s*Handout\s+via\s+(?:REUTERS|Reuters|AFP|AP)\b"
    # "REUTERS/Name", "REUTERS/Stringer"
    rf"|\bREUTERS\s*/\s*{_NAME}"
    # "Name / AFP", "NAME/AFP via Getty Images"
    rf"|\b{_NAME}\s*/\s*(?:AFP|EPA|ANADOLU|Anadolu)(?:\s+via\s+Getty\s+Images)?\b"
    r"|\bATTENTION\s+EDITORS\b[^.\n]{0,160}\.?"
    r"|\bTHIS\s+IMAGE\s+HAS\s+BEEN\s+SUPPLIED\s+BY\s+A\s+THIRD\s+PARTY\.?", re.M)


def credit_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every photo credit in ``text``, in order, not overlapping."""
    if "/" not in text and "ATTENTION" not in text and "THIRD PARTY" not in text:
        return []  # every credit form has a slash or an editors' note: most texts are skipped here
    return [(m.start(), m.end()) for m in _CREDIT.finditer(text)]

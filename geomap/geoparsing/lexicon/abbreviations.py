"""Abbreviations that stand for places: AP-style US state abbreviations, postal codes,
and common short country forms.

Each entry maps the surface form to ``(name, kind, country_code)`` so the resolver can
ask the gazetteer for ``name`` restricted to ``kind`` and ``country_code``.
"""
from __future__ import annotations

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
}

#: AP-style abbreviations (always written with the final period).
_AP_STATES: dict[str, str] = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Cal.": "CA", "Colo.": "CO",
    "Conn.": "CT", "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN",
    "Kan.": "KS", "Kans.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA",
    "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE",
    "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY",
    "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Oreg.": "OR", "Pa.": "PA",
    "Penn.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX",
    "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "W. Va.": "WV", "Wis.": "WI",
    "Wisc.": "WI", "Wyo.": "WY", "D.C.": "DC",
}

#: Short country forms.
COUNTRIES: dict[str, tuple[str, str]] = {
    "U.S.": ("United States", "US"), "U.S.A.": ("United States", "US"),
    "US": ("United States", "US"), "USA": ("United States", "US"),
    "U.K.": ("United Kingdom", "GB"), "UK": ("United Kingdom", "GB"),
    "UAE": ("United Arab Emirates", "AE"), "U.A.E.": ("United Arab Emirates", "AE"),
    "DRC": ("Democratic Republic of the Congo", "CD"), "DR Congo": ("Democratic Republic of the Congo", "CD"),
    "PRC": ("China", "CN"), "USSR": ("Russia", "RU"), "ROK": ("South Korea", "KR"),
    "DPRK": ("North Korea", "KP"),
    "Democratic Republic of Congo": ("Democratic Republic of the Congo", "CD"),
    "Soviet Union": ("Russia", "RU"), "USSR": ("Russia", "RU"),
}

#: Cities written as abbreviations.
CITIES: dict[str, tuple[str, str]] = {
    "L.A.": ("Los Angeles", "US"), "N.Y.C.": ("New York City", "US"), "NYC": ("New York City", "US"),
    "D.C.": ("Washington", "US"),
}

#: Other regional abbreviations (admin-1 of other countries) written in capitals.
REGIONS: dict[str, tuple[str, str, str]] = {
    "NSW": ("New South Wales", "admin1", "AU"), "ACT": ("Australian Capital Territory", "admin1", "AU"),
    "QLD": ("Queensland", "admin1", "AU"), "Qld": ("Queensland", "admin1", "AU"),
    "WA": ("Western Australia", "admin1", "AU"),
    "B.C.": ("British Columbia", "admin1", "CA"), "BC": ("British Columbia", "admin1", "CA"),
    "Ont.": ("Ontario", "admin1", "CA"), "Que.": ("Quebec", "admin1", "CA"),
    "Alta.": ("Alberta", "admin1", "CA"), "Man.": ("Manitoba", "admin1", "CA"),
    "Sask.": ("Saskatchewan", "admin1", "CA"), "N.S.": ("Nova Scotia", "admin1", "CA"),
}


def abbreviation_table() -> dict[str, tuple[str, str, str]]:
    """Surface form -> (name, kind, country_code) for unambiguous abbreviations.

    Two-letter postal codes are not here (they collide with words such as "IN", "OR",
    "ME"); the recogniser only accepts them after "City, " (see ``US_STATES``).
    """
    table: dict[str, tuple[str, str, str]] = {}
    for surface, (name, code) in COUNTRIES.items():
        table[surface] = (name, "country", code)
    for surface, postal in _AP_STATES.items():
        table[surface] = (US_STATES[postal], "admin1", "US")
        if surface.count(".") > 1 and " " not in surface:  # "N.Y." also written "N.Y"
            table.setdefault(surface[:-1], (US_STATES[postal], "admin1", "US"))
        if "." in surface and surface.count(".") == 2 and surface[1] == ".":  # "W.Va." -> "W. Va."
            table.setdefault(surface[:2] + " " + surface[2:], (US_STATES[postal], "admin1", "US"))
    for surface, (name, code) in CITIES.items():
        table[surface] = (name, "city", code)
    for surface, entry in REGIONS.items():
        if surface not in ("WA", "BC", "ACT"):  # ambiguous or common words
            table[surface] = entry
    return table

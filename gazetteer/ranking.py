"""Priors that order candidates before any document context is known.

The prior is on a log10-population scale, so a city's prior is log10(population + 1).
Other kinds get a kind-specific value that places them among cities sensibly: a country
beats any city of the same name ("Georgia", "Mexico"), a river loses to a big city of the
same name ("Dnipro") but beats villages ("Danube"), an admin-1 region loses to its own
namesake capital ("Kharkiv") but beats small towns ("Texas").  A main-name match adds
MAIN_NAME_BONUS at query time: a town whose current name it is beats a town up to four
times bigger that has it as an alternate name (Krynky, UA over Krynki, PL; Pokrovsk over
Engels), while "Zaporizhzhia" the 656-person village, whose main name it is, still loses
to the city whose alternate name it is, and Odessa, Texas to Odesa.  A name flagged as a
former name (data/former_names.csv) costs FORMER_NAME_PENALTY when another candidate bears
it now; a match through the romanization variant key costs ROMANIZATION_PENALTY.
"""
from __future__ import annotations

import math

MAIN_NAME_BONUS = 0.6
MULTI_TOKEN_MAIN_NAME_BONUS = 1.0
#: A place reached through a name it no longer bears ("Pokrovsk" for Engels), when another
#: candidate bears that name now (Pokrovsk, Donetsk Oblast).
FORMER_NAME_PENALTY = 1.0
#: A place reached only through the romanization variant key (normalize.romanization_key).
ROMANIZATION_PENALTY = 0.3
ADMIN1_PENALTY = 0.7
ADMIN2_PENALTY = 1.2
FIXED_PRIOR = {
    "continent": 9.5,
    "sea": 6.8,
    "region": 6.6,
    "river": 5.5,
    "lake": 5.3,
    "other": 4.0,
}
CAPITAL_BONUS = 0.4


def prior(kind: str, population: int, feature_code: str | None = None) -> float:
    """The prior score of a place (see module doc)."""
    logpop = math.log10(max(population, 0) + 1)
    if kind == "city":
        bonus = CAPITAL_BONUS if feature_code == "PPLC" else 0.0
        return logpop + bonus
    if kind == "country":
        return 8.0 + logpop / 10.0
    if kind == "admin1":
        return logpop - ADMIN1_PENALTY
    if kind == "admin2":
        return logpop - ADMIN2_PENALTY
    return FIXED_PRIOR.get(kind, 4.0)


def main_name_bonus(folded: str) -> float:
    """Bonus for a place whose main name is the query: bigger for multi-word names, where
    an exact main-name match is rarely a coincidence ("Bilhorod-Dnistrovskyi")."""
    return MULTI_TOKEN_MAIN_NAME_BONUS if " " in folded else MAIN_NAME_BONUS

"""Small curated tables the geoparser uses (written by hand for geomap).

Kept as Python data so they ship with the package without package-data rules.
"""

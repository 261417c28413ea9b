"""`python -m geomap.cli` runs the geomap command line."""
from geomap.cli import main

main()

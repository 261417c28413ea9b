"""`python -m geomap.cli` runs the geomap command line."""
from geomap.cli.main import main

main()

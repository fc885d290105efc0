"""`python -m tabletop` runs the command line."""

from tabletop.cli import main

main()

"""`python -m statemint` runs the command line."""

from statemint.cli import main

main()

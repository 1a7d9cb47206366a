"""``python -m checker`` runs the command line."""

from checker.launch import run

run()

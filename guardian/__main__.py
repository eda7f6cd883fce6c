"""``python -m guardian``."""

from guardian.cli import main

main(prog_name="guardian")

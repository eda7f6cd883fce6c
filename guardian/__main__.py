"""``python -m guardian``."""

from guardian.cli import entry

entry()

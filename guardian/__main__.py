"""``python -m guardian``."""

from guardian.launch import entry

entry()

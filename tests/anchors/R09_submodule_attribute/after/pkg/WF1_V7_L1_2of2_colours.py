class Palette:
    """Imported from, but never reached as an attribute of the package: its old name is not kept."""

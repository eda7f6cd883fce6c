"""A package that binds two submodules on first use, each by its literal name."""


def __getattr__(name):
    """Resolve ``pkg.legacy`` and ``pkg.helpers`` on demand; ``pkg.other`` is no module here."""
    if name == "legacy":
        import importlib

        return importlib.import_module("pkg.legacy")
    if "helpers" == name:
        import pkg.helpers

        return pkg.helpers
    if name == "other":
        return 42
    raise AttributeError(name)

"""A package that binds two submodules on first use, each by its literal name."""


def __getattr__(name):
    """Resolve ``pkg.WF1_V7_L1_1of3_legacy`` and ``pkg.WF1_V7_L1_2of3_helpers`` on demand; ``pkg.WF1_V7_L1_3of3_other`` is no module here."""
    if name in ("legacy", "WF1_V7_L1_1of3_legacy"):
        import importlib

        return importlib.import_module("pkg.WF1_V7_L1_1of3_legacy")
    if name in ("helpers", "WF1_V7_L1_2of3_helpers"):
        import pkg.WF1_V7_L1_2of3_helpers

        return pkg.WF1_V7_L1_2of3_helpers
    if name == "other":
        return 42
    raise AttributeError(name)

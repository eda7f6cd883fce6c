"""A package that binds its submodules on first use, by literal names in its ``__getattr__``'s tests."""

import importlib

#: attribute -> (submodule, attribute): records, not tables of names
_EXPORTS = {
    "Circle": ("shapes", "Circle"),
    "Red": ("colors", "Red"),
}


def __getattr__(name):
    if name in (
        "shapes",
        "WF1_V7_L1_1of5_shapes",
        "colors",
        "WF1_V7_L1_2of5_colors",
    ):
        return importlib.import_module("." + name, __name__)
    if name in {"sizes", "WF1_V7_L1_3of5_sizes"}:
        return importlib.import_module(f"pkg.{name}")
    match name:
        case "tones" | "WF1_V7_L1_4of5_tones" | "other":
            return importlib.import_module(f"{__name__}.{name}")
        case "legacy" | "WF1_V7_L1_5of5_legacy":
            import pkg.WF1_V7_L1_5of5_legacy

            return pkg.WF1_V7_L1_5of5_legacy
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        return getattr(importlib.import_module("." + module, __name__), attribute)
    raise AttributeError(name)

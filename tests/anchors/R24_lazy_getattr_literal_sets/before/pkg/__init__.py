"""A package that binds its submodules on first use, by literal names in its ``__getattr__``'s tests."""

import importlib

#: attribute -> (submodule, attribute): records, not tables of names
_EXPORTS = {
    "Circle": ("shapes", "Circle"),
    "Red": ("colors", "Red"),
}


def __getattr__(name):
    if name in ("shapes", "colors"):
        return importlib.import_module("." + name, __name__)
    if name in {"sizes"}:
        return importlib.import_module(f"pkg.{name}")
    match name:
        case "tones" | "other":
            return importlib.import_module(f"{__name__}.{name}")
        case "legacy":
            import pkg.legacy

            return pkg.legacy
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        return getattr(importlib.import_module("." + module, __name__), attribute)
    raise AttributeError(name)

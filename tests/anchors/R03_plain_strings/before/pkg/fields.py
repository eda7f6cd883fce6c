from pkg.base import FieldABC

REGISTRY = {"abc": "pkg.base.FieldABC", "sibling": "pkg.base_v2.FieldABC"}


def check(value):
    if not isinstance(value, FieldABC):
        raise TypeError("expected an instance of " "pkg.base.FieldABC, got " f"{type(value).__name__} (see pkg.base)")
    return type(value).__module__ == "pkg.base"

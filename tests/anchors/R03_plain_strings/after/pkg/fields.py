from pkg.WF1_V7_L1_1of3_base import FieldABC

REGISTRY = {"abc": "pkg.WF1_V7_L1_1of3_base.FieldABC", "sibling": "pkg.base_v2.FieldABC"}


def check(value):
    if not isinstance(value, FieldABC):
        raise TypeError("expected an instance of " "pkg.WF1_V7_L1_1of3_base.FieldABC, got " f"{type(value).__name__} (see pkg.WF1_V7_L1_1of3_base)")
    return type(value).__module__ == "pkg.WF1_V7_L1_1of3_base"

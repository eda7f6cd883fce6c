import pkg


def total():
    return pkg.WF1_V7_L1_1of3_legacy.VALUE + pkg.WF1_V7_L1_2of3_helpers.VALUE

"""Reaches a submodule through its package's attribute: no import names the submodule."""

import pkg


def sides(name):
    return pkg.WF1_V7_L1_1of2_shapes.SIDES[name]

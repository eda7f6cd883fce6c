import re

import pytest

from pkg.WF1_V7_L1_1of2_types import Pair, ParseFault

REPR = re.compile(r"<pkg\.WF1_V7_L1_1of2_types\.Pair object at 0x[0-9a-f]+>")
FAULT = "(pkg\\.WF1_V7_L1_1of2_types\\.)?ParseFault"
OTHER = r"<pkg\.types_v2\.Other object at "


def test_repr():
    assert REPR.match(repr(Pair()))


def test_fault():
    with pytest.raises(ParseFault, match=FAULT):
        raise ParseFault("pkg.WF1_V7_L1_1of2_types.ParseFault")

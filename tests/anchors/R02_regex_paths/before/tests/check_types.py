import re

import pytest

from pkg.types import Pair, ParseFault

REPR = re.compile(r"<pkg\.types\.Pair object at 0x[0-9a-f]+>")
FAULT = "(pkg\\.types\\.)?ParseFault"
OTHER = r"<pkg\.types_v2\.Other object at "


def test_repr():
    assert REPR.match(repr(Pair()))


def test_fault():
    with pytest.raises(ParseFault, match=FAULT):
        raise ParseFault("pkg.types.ParseFault")

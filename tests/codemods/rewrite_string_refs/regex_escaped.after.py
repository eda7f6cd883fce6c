import re

import pytest

REPR = re.compile(r"<pkg\.newmod\.Pair object at 0x[0-9a-f]+>")
FAULT = "(pkg\\.newmod\\.)?ParseFault"
SIBLING = r"pkg\.models\.Pair|pkg\.mod_utils"


def test_fault():
    with pytest.raises(ValueError, match=r"pkg\.newmod\.Klass is frozen"):
        raise ValueError("pkg.newmod.Klass is frozen")

import re

import pytest

REPR = re.compile(r"<pkg\.mod\.Pair object at 0x[0-9a-f]+>")
FAULT = "(pkg\\.mod\\.)?ParseFault"
SIBLING = r"pkg\.models\.Pair|pkg\.mod_utils"


def test_fault():
    with pytest.raises(ValueError, match=r"pkg\.mod\.Klass is frozen"):
        raise ValueError("pkg.mod.Klass is frozen")

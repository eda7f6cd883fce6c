from unittest import mock

import pkg
from pkg import other


def test_it():
    with mock.patch.object(pkg, "newmod"), mock.patch.object(pkg, "models"):
        with mock.patch.object(other, "mod"), mock.patch.object(pkg.other, "func"):
            pass

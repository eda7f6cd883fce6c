import unittest.mock as um
from unittest.mock import patch as p


def test_it():
    with p("pkg.mod.func"), um.patch("pkg.mod:func"):
        pass

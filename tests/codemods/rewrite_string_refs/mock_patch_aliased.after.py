import unittest.mock as um
from unittest.mock import patch as p


def test_it():
    with p("pkg.newmod.func"), um.patch("pkg.newmod:func"):
        pass

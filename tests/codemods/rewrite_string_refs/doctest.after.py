"""Helpers.

>>> import pkg.newmod
>>> from pkg import newmod as mod
>>> from pkg import other, newmod as m
>>> pkg.newmod.func(
...     pkg.newmod.DEFAULT)
1
"""

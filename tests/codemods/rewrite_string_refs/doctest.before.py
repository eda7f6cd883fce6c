"""Helpers.

>>> import pkg.mod
>>> from pkg import mod
>>> from pkg import other, mod as m
>>> pkg.mod.func(
...     pkg.mod.DEFAULT)
1
"""

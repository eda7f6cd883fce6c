"""Thin wrappers around the standard library's itertools (a module named like the module it imports)."""
import itertools
import itertools as it
from itertools import islice


def chain(*iterables):
    return list(itertools.chain(*iterables)) + list(it.chain())


def first(xs, n):
    return list(islice(xs, n))

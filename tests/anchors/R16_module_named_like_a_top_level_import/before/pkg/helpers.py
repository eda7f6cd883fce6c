import itertools

from pkg.itertools import chain, first


def pairs(xs):
    return chain(itertools.islice(xs, 2)) + first(xs, 0)

import itertools

from pkg.itertools import chain


def pairs(xs):
    return chain(itertools.islice(xs, 2))

def f():
    """
    >>> from pkg.mod import func
    See :func:`pkg.mod.func`.
    """

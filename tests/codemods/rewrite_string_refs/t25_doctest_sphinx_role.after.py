def f():
    """
    >>> from pkg.newmod import func
    See :func:`pkg.newmod.func`.
    """

def check(x):
    """Refuse negatives.

    >>> check(-1)
    Traceback (most recent call last):
        ...
    pkg.newmod.Error: negative
    >>> type(check(1))
    <class 'pkg.newmod.Result'>

    The error class lives in pkg.models, which is not renamed.
    """

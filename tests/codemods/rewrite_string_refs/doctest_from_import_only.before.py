class Spooled:
    """A spooled buffer; its doctest imports the module from its package by name alone.

    >>> from pkg import mod
    >>> with mod.Spooled() as f:
    ...     pass
    >>> from pkg import models
    """


SOURCE = "from pkg import mod\nmod.run()\n"

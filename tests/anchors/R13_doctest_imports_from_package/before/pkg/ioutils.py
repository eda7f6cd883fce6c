class Spooled:
    """A spooled buffer. Its doctest names the module only as ``from pkg import ioutils``:

    >>> from pkg import ioutils
    >>> ioutils.Spooled().size
    0
    """

    size = 0

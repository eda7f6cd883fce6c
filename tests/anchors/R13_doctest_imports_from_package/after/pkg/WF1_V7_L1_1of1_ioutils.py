class Spooled:
    """A spooled buffer. Its doctest names the module only as ``from pkg import ioutils``:

    >>> from pkg import WF1_V7_L1_1of1_ioutils as ioutils
    >>> ioutils.Spooled().size
    0
    """

    size = 0

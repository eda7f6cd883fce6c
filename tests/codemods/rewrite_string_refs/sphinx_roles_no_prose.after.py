class Klass:
    r"""Wraps :class:`~pkg.newmod.Klass`.

    See :py:func:`pkg.newmod.func`, :mod:`the module <pkg.newmod>`, :func:`!pkg.newmod.func`
    and :mod:`pkg.models`.
    """

    def method(self):
        """Calls :meth:`pkg.newmod.Klass.method`. Mentions pkg.mod in prose."""

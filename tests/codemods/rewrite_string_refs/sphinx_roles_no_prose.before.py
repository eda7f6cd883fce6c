class Klass:
    r"""Wraps :class:`~pkg.mod.Klass`.

    See :py:func:`pkg.mod.func`, :mod:`the module <pkg.mod>`, :func:`!pkg.mod.func`
    and :mod:`pkg.models`.
    """

    def method(self):
        """Calls :meth:`pkg.mod.Klass.method`. Mentions pkg.mod in prose."""

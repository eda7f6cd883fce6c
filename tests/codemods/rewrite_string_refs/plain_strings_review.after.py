import logging

log = logging.getLogger("pkg.newmod")
_LAZY = {"func": "pkg.newmod:func", "klass": "pkg.newmod.Klass"}
DEFAULT_BACKEND = "pkg.newmod"

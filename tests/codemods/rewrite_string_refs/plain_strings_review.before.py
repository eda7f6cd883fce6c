import logging

log = logging.getLogger("pkg.mod")
_LAZY = {"func": "pkg.mod:func", "klass": "pkg.mod.Klass"}
DEFAULT_BACKEND = "pkg.mod"

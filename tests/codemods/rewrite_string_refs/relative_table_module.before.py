import apipkg

# in a module, __name__ is the module itself: ``.mod`` is pkg.api.mod; __package__ is pkg
apipkg.initpkg(__name__, {"a": ".mod:A"})
apipkg.initpkg(__package__, {"a": ".mod:A", "b": "..mod:B"})

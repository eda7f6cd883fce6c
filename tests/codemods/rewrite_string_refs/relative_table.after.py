"""A package's table of exports relative to its own name (apipkg's ``initpkg``; pytest's ``py`` used it)."""

import apipkg

apipkg.initpkg(
    __name__,
    {
        "Klass": ".newmod:Klass",
        "attr": ".newmod:Klass.attr",
        "module": ".newmod",
        "ns": {"helper": ".newmod:helper", "other": ".models:Other"},
        "absolute": "pkg.newmod:Klass",
    },
)
register(__name__, [".newmod", ".mod_utils", ".modx:y"])
plain = {"ext": ".mod"}  # no package name given with it: a file suffix, say
log(__name__ + ".newmod")
symbol_by_name(".newmod:Klass", package="pkg")  # kombu's symbol_by_name: the package name as a literal
symbol_by_name(".mod:Klass", package="other")  # another package's module of the same name
symbol_by_name(".mod:Klass", package=name)  # a package name not known here
read_text(package="pkg", resource=".mod")  # a resource file named by a keyword, not a module

import pkgutil

func = pkgutil.resolve_name("pkg.mod:func")
klass = pkgutil.resolve_name("pkg.mod.Klass")

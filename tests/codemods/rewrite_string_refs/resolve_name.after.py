import pkgutil

func = pkgutil.resolve_name("pkg.newmod:func")
klass = pkgutil.resolve_name("pkg.newmod.Klass")

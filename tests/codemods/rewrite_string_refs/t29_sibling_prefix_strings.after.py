TARGETS = ["pkg.newmod", "pkg.models", "pkg.mod_utils", "pkg.newmod.func", "pkg.models.func", "pkg.mod_utils:main"]

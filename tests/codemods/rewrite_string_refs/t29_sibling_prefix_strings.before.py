TARGETS = ["pkg.mod", "pkg.models", "pkg.mod_utils", "pkg.mod.func", "pkg.models.func", "pkg.mod_utils:main"]

TARGETS = ["pkg.sub", "pkg.sub.mod", "pkg.sub.mod.func", "pkg.sub.models"]

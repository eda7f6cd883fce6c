TARGETS = ["pkg.new_sub", "pkg.sub.new_mod", "pkg.sub.new_mod.func", "pkg.new_sub.models"]

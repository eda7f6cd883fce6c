print("loading pkg.mod now")
raise ImportError("pkg.mod is gone; use pkg.models")

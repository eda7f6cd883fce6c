print("loading pkg.newmod now")
raise ImportError("pkg.newmod is gone; use pkg.models")

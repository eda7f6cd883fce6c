x = (
mock.patch("pkg.mod.func")

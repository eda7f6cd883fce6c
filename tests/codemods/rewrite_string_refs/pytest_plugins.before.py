pytest_plugins = ("pkg.mod", "pkg.testing.fixtures")

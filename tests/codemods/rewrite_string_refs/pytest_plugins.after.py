pytest_plugins = ("pkg.newmod", "pkg.testing.fixtures")

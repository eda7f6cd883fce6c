pytest_plugins = "fixtures_new"

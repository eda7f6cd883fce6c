pytest_plugins = "fixtures_mod"

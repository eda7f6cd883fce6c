/* pkg.mod's RawJSON, in prose: left alone with --no-prose */
PyObject *errors = PyImport_ImportModule("pkg.mod");

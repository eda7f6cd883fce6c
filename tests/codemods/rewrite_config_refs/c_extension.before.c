/* An extension imports its package's modules by name (simplejson's _speedups.c, wrapt's _wrappers.c).
   pkg.mod is named here in prose, and so is "pkg.mod" (its module's RawJSON). */
static PyObject *
import_dependency(const char *module_name, const char *attr_name);

static int
module_exec(PyObject *m)
{
    state->RawJSONType = import_dependency("pkg.mod", "RawJSON");
    state->Error = import_dependency("pkg.mod_utils", "Error");
    PyObject *errors = PyImport_ImportModule("pkg.mod");
    PyErr_SetString(PyExc_ImportError, "cannot import pkg.mod.RawJSON");
    static const char *name = "pkg.mod:RawJSON";
    return 0;
}

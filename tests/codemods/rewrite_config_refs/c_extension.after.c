/* An extension imports its package's modules by name (simplejson's _speedups.c, wrapt's _wrappers.c).
   pkg.newmod is named here in prose, and so is "pkg.newmod" (its module's RawJSON). */
static PyObject *
import_dependency(const char *module_name, const char *attr_name);

static int
module_exec(PyObject *m)
{
    state->RawJSONType = import_dependency("pkg.newmod", "RawJSON");
    state->Error = import_dependency("pkg.mod_utils", "Error");
    PyObject *errors = PyImport_ImportModule("pkg.newmod");
    PyErr_SetString(PyExc_ImportError, "cannot import pkg.newmod.RawJSON");
    static const char *name = "pkg.newmod:RawJSON";
    return 0;
}

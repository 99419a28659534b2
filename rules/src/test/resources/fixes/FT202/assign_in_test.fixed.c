/* FT202: the assignment inside the NULL check, as many older modules write it. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyMethodDef shape_methods[] = {
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef shape_module = {
    PyModuleDef_HEAD_INIT, "shape", NULL, -1, shape_methods
};

PyMODINIT_FUNC
PyInit_shape(void)
{
  PyObject *m;

  if ((m = PyModule_Create(&shape_module)) == NULL)
    return NULL;
#ifdef Py_GIL_DISABLED
  PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
  if (PyModule_AddStringConstant(m, "kind", "assign-in-test") < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}

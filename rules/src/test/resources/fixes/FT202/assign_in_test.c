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
  if (PyModule_AddStringConstant(m, "kind", "assign-in-test") < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}

#include <Python.h>

/* A unity build: the module's one translation unit includes its parts as .c files; the method
   table names functions defined in a part, and a part calls a static helper defined here. */

static Py_ssize_t n_calls;

static void
count_call(void)
{
    n_calls++;
}

#include "part.c"

static PyMethodDef methods[] = {
    {"tally", tally, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot slots[] = {
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "unity", NULL, 0, methods, slots};

PyMODINIT_FUNC
PyInit_unity(void)
{
    return PyModuleDef_Init(&def);
}

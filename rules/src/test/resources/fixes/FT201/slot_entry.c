/* FT201: an exec slot and another guarded slot, no Py_mod_gil: the entry goes before the
   sentinel, with the file's indentation (tabs here). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static int
fx_exec(PyObject *module)
{
	return PyModule_AddIntConstant(module, "ANSWER", 42);
}

static PyModuleDef_Slot fx_slots[] = {
	{Py_mod_exec, fx_exec},
#if PY_VERSION_HEX >= 0x030C0000
	{Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
	{0, NULL}
};

static struct PyModuleDef fx_module = {
	PyModuleDef_HEAD_INIT,
	.m_name = "fx",
	.m_slots = fx_slots,
};

PyMODINIT_FUNC
PyInit_fx(void)
{
	return PyModuleDef_Init(&fx_module);
}

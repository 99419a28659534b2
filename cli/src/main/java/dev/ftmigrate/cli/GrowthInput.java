package dev.ftmigrate.cli;

/**
 * A generated extension module whose size grows by whole units, for the linear-growth benchmark.
 * Each unit brings what made scans super-linear before: file-scope statics and static locals, a
 * function with many accesses to them (plain, read-modify-write, lazy init, under a lock and not),
 * a GIL-state region, borrowed items, a long expression chain, blank lines, and a method-table entry;
 * and a method of one object type that read-modify-writes the fields every other unit's method writes
 * too (each access is checked against every writer of its field: it grew as accesses x writers x sites);
 * and an f2c-style function whose static locals share one lock group with every other unit's, through
 * a file-scope constant passed by address (each finding's fix named the whole group: the report grew
 * as statics squared); and a function that writes the same two file-scope statics as every other
 * unit's (one lock for both, taken in every unit: each finding carried the whole fix, edits in every
 * unit included). One more function grows with the units: a run of those writes and an exit per unit,
 * all in one block (each run walked the whole function and copied its statements). Every function is
 * an entry point, so every unit is analysed and reported on.
 */
final class GrowthInput {
    private GrowthInput() {}

    /** The lines of one unit (for the "per unit" column). */
    static String unit(int i) {
        StringBuilder b = new StringBuilder();
        b.append("static long counter_").append(i).append(";\n");
        b.append("static PyObject *cache_").append(i).append(" = NULL;\n");
        b.append("static PyObject *registry_").append(i).append(";\n");
        b.append("static PyMutex lock_").append(i).append(";\n\n\n\n");
        b.append("static long\nhelper_").append(i).append("(long x)\n{\n");
        b.append("    static int calls = 0;\n    calls++;\n");
        b.append("    return x + calls + counter_").append(i).append(";\n}\n\n");
        b.append("static PyObject *\nmethod_").append(i).append("(PyObject *self, PyObject *args)\n{\n");
        b.append("    static char buffer[64];\n    long v;\n    PyObject *item;\n");
        b.append("    v = counter_").append(i);
        for (int k = 0; k < 24; k++) b.append(k % 3 == 0 ? "\n        " : " ").append("+ counter_").append(i).append(" * ").append(k + 1);
        b.append(";\n");
        b.append("    counter_").append(i).append(" += v;\n");
        b.append("    if (cache_").append(i).append(" == NULL) {\n        cache_").append(i).append(" = PyDict_New();\n    }\n");
        b.append("    item = PyDict_GetItemString(registry_").append(i).append(", \"key\");\n");
        b.append("    PyMutex_Lock(&lock_").append(i).append(");\n");
        b.append("    counter_").append(i).append(" = helper_").append(i).append("(counter_").append(i).append(");\n");
        b.append("    PyMutex_Unlock(&lock_").append(i).append(");\n");
        b.append("    PyGILState_STATE g = PyGILState_Ensure();\n");
        b.append("    counter_").append(i).append("--;\n");
        b.append("    PyGILState_Release(g);\n");
        b.append("    snprintf(buffer, sizeof(buffer), \"%ld\", v);\n\n\n");
        b.append("    if (item == NULL) {\n        return NULL;\n    }\n");
        b.append("    return PyLong_FromLong(counter_").append(i).append(" + helper_").append(i).append("(v));\n}\n\n");
        b.append("static PyObject *\nobject_method_").append(i).append("(GrowthObject *self, PyObject *arg)\n{\n");
        b.append("    self->count += ").append(i + 1).append(";\n");
        b.append("    if (self->n > 0) {\n        self->data[self->n - 1] = (double)self->count;\n    }\n");
        b.append("    return PyLong_FromLong(self->count);\n}\n\n");
        b.append("static PyObject *\nlocals_").append(i).append("(PyObject *self, PyObject *unused)\n{\n");
        // f2c's types come from f2c.h, which is not there: statics of unknown type, as in its output.
        b.append("    static integer j, k;\n    static doublereal t;\n\n");
        b.append("    for (j = 1; j <= 8; ++j) {\n        t = j * 2.;\n        k = j;\n    }\n");
        b.append("    count_calls(&c__1);\n");
        b.append("    return PyLong_FromLong(k + (long)t);\n}\n\n");
        b.append("static PyObject *\nrecord_").append(i).append("(PyObject *self, PyObject *arg)\n{\n");
        b.append("    double x = PyFloat_AsDouble(arg);\n");
        b.append("    last_value = x * ").append(i + 1).append(";\n    last_time = x + ").append(i + 1).append(";\n");
        b.append("    return PyFloat_FromDouble(last_value);\n}\n\n");
        return b.toString();
    }

    /** A whole module of {@code units} units. */
    static String module(int units) {
        StringBuilder b = new StringBuilder("/* generated for ftmigrate bench --growth */\n#include <Python.h>\n#include <stdio.h>\n\n"
                + "typedef struct {\n    PyObject_HEAD\n    long count;\n    double *data;\n    Py_ssize_t n;\n} GrowthObject;\n\n"
                + "static integer c__1 = 1;\nextern int count_calls(integer *);\nstatic double last_value;\nstatic double last_time;\n\n");
        for (int i = 0; i < units; i++) b.append(unit(i));
        // One function that grows with the units: a lock run and an exit for each in one block.
        b.append("static PyObject *\nrecord_all(PyObject *self, PyObject *arg)\n{\n    double x = PyFloat_AsDouble(arg);\n");
        for (int i = 0; i < units; i++) {
            b.append("    last_value = x * ").append(i + 1).append(";\n    if (x > ").append(i + 1).append(") {\n        last_time = x;\n")
                    .append("        return NULL;\n    }\n    x = x + last_time;\n");
        }
        b.append("    return PyFloat_FromDouble(x);\n}\n\n");
        b.append("static PyMethodDef growth_object_methods[] = {\n");
        for (int i = 0; i < units; i++) b.append("    {\"o").append(i).append("\", (PyCFunction)object_method_").append(i).append(", METH_O, NULL},\n");
        b.append("    {NULL, NULL, 0, NULL}\n};\n\n");
        b.append("static PyMethodDef growth_methods[] = {\n");
        for (int i = 0; i < units; i++) b.append("    {\"m").append(i).append("\", method_").append(i).append(", METH_VARARGS, NULL},\n");
        for (int i = 0; i < units; i++) b.append("    {\"l").append(i).append("\", locals_").append(i).append(", METH_NOARGS, NULL},\n");
        for (int i = 0; i < units; i++) b.append("    {\"r").append(i).append("\", record_").append(i).append(", METH_O, NULL},\n");
        b.append("    {\"record_all\", record_all, METH_O, NULL},\n");
        b.append("    {NULL, NULL, 0, NULL}\n};\n\n");
        b.append("static struct PyModuleDef growth_module = {\n    PyModuleDef_HEAD_INIT, \"growth\", NULL, -1, growth_methods\n};\n\n");
        b.append("PyMODINIT_FUNC\nPyInit_growth(void)\n{\n    return PyModule_Create(&growth_module);\n}\n");
        return b.toString();
    }
}

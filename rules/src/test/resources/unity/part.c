/* Part of module.c's translation unit: not compiled on its own. */

static long totals[16];

static void
add_to(int slot, long v)
{
    totals[slot & 15] += v;
}

static PyObject *
tally(PyObject *module, PyObject *arg)
{
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred()) {
        return NULL;
    }
    count_call();
    add_to((int)v, v);
    return PyLong_FromLong(totals[v & 15]);
}

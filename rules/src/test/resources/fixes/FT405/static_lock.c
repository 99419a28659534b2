/*
 * legacy_lock - a bounded ID allocator guarded by a PyThread_type_lock.
 *
 * acquire() hands out the lowest free ID in 0..63, release(id) returns it, in_use() counts the
 * IDs handed out. The bitmap and counter live in statics; every access holds a
 * PyThread_type_lock allocated when the module is executed, the pre-3.13 way to protect C state.
 * The lock itself is correct; the port replaces it with a zero-initialised PyMutex.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#define MAX_IDS 64

static PyThread_type_lock ids_lock = NULL;
static uint64_t used_bitmap;
static int n_used;

static PyObject *
acquire(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    int id = -1;

    PyThread_acquire_lock(ids_lock, WAIT_LOCK);
    for (int i = 0; i < MAX_IDS; i++) {
        if (!(used_bitmap & ((uint64_t)1 << i))) {
            id = i;
            break;
        }
    }
    if (id < 0) {
        PyThread_release_lock(ids_lock);
        PyErr_SetString(PyExc_RuntimeError, "no free IDs");
        return NULL;
    }
    used_bitmap |= (uint64_t)1 << id;
    n_used++;
    PyThread_release_lock(ids_lock);
    return PyLong_FromLong(id);
}

static PyObject *
release(PyObject *module, PyObject *arg)
{
    long id = PyLong_AsLong(arg);
    int was_used;

    if (id == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (id < 0 || id >= MAX_IDS) {
        PyErr_SetString(PyExc_ValueError, "ID out of range");
        return NULL;
    }
    PyThread_acquire_lock(ids_lock, WAIT_LOCK);
    was_used = (used_bitmap >> id) & 1;
    used_bitmap &= ~((uint64_t)1 << id);
    n_used -= was_used;
    PyThread_release_lock(ids_lock);
    return PyBool_FromLong(was_used);
}

static PyObject *
in_use(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    int n;
    PyThread_acquire_lock(ids_lock, WAIT_LOCK);
    n = n_used;
    PyThread_release_lock(ids_lock);
    return PyLong_FromLong(n);
}

static int
legacy_lock_exec(PyObject *module)
{
    if (ids_lock == NULL) {
        ids_lock = PyThread_allocate_lock();
        if (ids_lock == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    return 0;
}

static PyMethodDef legacy_lock_methods[] = {
    {"acquire", acquire, METH_NOARGS, "acquire() -> the lowest free ID"},
    {"release", release, METH_O, "release(id) -> True if the ID was in use"},
    {"in_use", in_use, METH_NOARGS, "in_use() -> number of IDs handed out"},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot legacy_lock_slots[] = {
    {Py_mod_exec, legacy_lock_exec},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef legacy_lock_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "legacy_lock",
    .m_doc = "An ID allocator protected by a PyThread_type_lock.",
    .m_size = 0,
    .m_methods = legacy_lock_methods,
    .m_slots = legacy_lock_slots,
};

PyMODINIT_FUNC
PyInit_legacy_lock(void)
{
    return PyModuleDef_Init(&legacy_lock_module);
}

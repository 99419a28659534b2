/*
 * refcount_peek - a tiny fixed-size vector of doubles.
 *
 * Vec(iterable) stores floats in a C array; "+" adds element-wise and, like NumPy's temporary
 * elision, reuses the left operand's buffer when it is a temporary nobody else holds.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    Py_ssize_t size;
    double *data;
} VecObject;

static PyTypeObject VecType;

static PyObject *
vec_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *iterable, *seq;
    VecObject *self;

    if (!PyArg_ParseTuple(args, "O:Vec", &iterable)) {
        return NULL;
    }
    seq = PySequence_Tuple(iterable);
    if (seq == NULL) {
        return NULL;
    }
    self = (VecObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    self->size = PyTuple_GET_SIZE(seq);
    self->data = PyMem_Malloc((self->size ? self->size : 1) * sizeof(double));
    if (self->data == NULL) {
        Py_DECREF(seq);
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < self->size; i++) {
        self->data[i] = PyFloat_AsDouble(PyTuple_GET_ITEM(seq, i));
        if (self->data[i] == -1.0 && PyErr_Occurred()) {
            Py_DECREF(seq);
            Py_DECREF(self);
            return NULL;
        }
    }
    Py_DECREF(seq);
    return (PyObject *)self;
}

static void
vec_dealloc(VecObject *self)
{
    PyMem_Free(self->data);
    ((PyObject *)self)->ob_type->tp_free((PyObject *)self);
}

static PyObject *
vec_copy(VecObject *src)
{
    VecObject *res = (VecObject *)VecType.tp_alloc(&VecType, 0);
    if (res == NULL) {
        return NULL;
    }
    res->size = src->size;
    res->data = PyMem_Malloc((src->size ? src->size : 1) * sizeof(double));
    if (res->data == NULL) {
        Py_DECREF(res);
        return PyErr_NoMemory();
    }
    memcpy(res->data, src->data, src->size * sizeof(double));
    return (PyObject *)res;
}

static PyObject *
vec_add(PyObject *a, PyObject *b)
{
    VecObject *res;

    if (a->ob_type != &VecType || !PyObject_TypeCheck(b, &VecType)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    if (((VecObject *)a)->size != ((VecObject *)b)->size) {
        PyErr_SetString(PyExc_ValueError, "size mismatch");
        return NULL;
    }
    /* A temporary on the left (e.g. the result of a previous "+"): reuse its buffer. */
    if (Py_REFCNT(a) == 1) {
        Py_INCREF(a);
        res = (VecObject *)a;
    }
    else {
        res = (VecObject *)vec_copy((VecObject *)a);
        if (res == NULL) {
            return NULL;
        }
    }
    for (Py_ssize_t i = 0; i < res->size; i++) {
        res->data[i] += ((VecObject *)b)->data[i];
    }
    return (PyObject *)res;
}

static PyObject *
vec_tolist(VecObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *list = PyList_New(self->size);
    if (list == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < self->size; i++) {
        PyObject *f = PyFloat_FromDouble(self->data[i]);
        if (f == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, f);
    }
    return list;
}

static PyObject *
vec_repr(VecObject *self)
{
    return PyUnicode_FromFormat("<%s of %zd>", Py_TYPE(self)->tp_name, self->size);
}

/* Debugging aid: the raw reference count of any object. */
static PyObject *
refcount(PyObject *module, PyObject *obj)
{
    return PyLong_FromSsize_t(obj->ob_refcnt);
}

static PyNumberMethods vec_as_number = {
    .nb_add = vec_add,
};

static PyMethodDef vec_methods[] = {
    {"tolist", (PyCFunction)vec_tolist, METH_NOARGS, "Return the values as a list."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject VecType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "refcount_peek.Vec",
    .tp_basicsize = sizeof(VecObject),
    .tp_dealloc = (destructor)vec_dealloc,
    .tp_repr = (reprfunc)vec_repr,
    .tp_as_number = &vec_as_number,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = vec_methods,
    .tp_new = vec_new,
};

static PyMethodDef module_methods[] = {
    {"refcount", refcount, METH_O, "Return obj's reference count (debugging only)."},
    {NULL, NULL, 0, NULL}
};

static int
refcount_peek_exec(PyObject *module)
{
    if (PyType_Ready(&VecType) < 0) {
        return -1;
    }
    Py_INCREF(&VecType);
    if (PyModule_AddObject(module, "Vec", (PyObject *)&VecType) < 0) {
        Py_DECREF(&VecType);
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot refcount_peek_slots[] = {
    {Py_mod_exec, refcount_peek_exec},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef refcount_peek_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "refcount_peek",
    .m_doc = "Fixed-size float vectors with in-place reuse of temporaries.",
    .m_size = 0,
    .m_methods = module_methods,
    .m_slots = refcount_peek_slots,
};

PyMODINIT_FUNC
PyInit_refcount_peek(void)
{
    return PyModuleDef_Init(&refcount_peek_module);
}

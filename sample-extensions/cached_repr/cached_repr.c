/*
 * cached_repr - a 2-D Point whose repr() is cached on the object.
 *
 * Point(x, y) has settable .x and .y; repr(p) builds "Point(x=1.5, y=-2)" once and keeps it in
 * self->repr_cache until a setter or move() invalidates it; move(dx, dy) shifts the point and
 * counts moves; moves() returns that count. scale(k) is already ported: it runs inside a
 * critical section on self.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifndef Py_BEGIN_CRITICAL_SECTION
#  define Py_BEGIN_CRITICAL_SECTION(op) {
#  define Py_END_CRITICAL_SECTION() }
#endif

typedef struct {
    PyObject_HEAD
    double x, y;
    Py_ssize_t moves;
    PyObject *repr_cache;   /* str or NULL when stale */
} PointObject;

static int
point_init(PointObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "y", NULL};
    double x = 0.0, y = 0.0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|dd:Point", kwlist, &x, &y)) {
        return -1;
    }
    self->x = x;
    self->y = y;
    self->moves = 0;
    Py_CLEAR(self->repr_cache);
    return 0;
}

static void
point_dealloc(PointObject *self)
{
    Py_CLEAR(self->repr_cache);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
point_repr(PointObject *self)
{
    if (self->repr_cache == NULL) {
        char *text = PyOS_double_to_string(self->x, 'r', 0, 0, NULL);
        char *text_y = PyOS_double_to_string(self->y, 'r', 0, 0, NULL);
        PyObject *s = NULL;
        if (text != NULL && text_y != NULL) {
            s = PyUnicode_FromFormat("Point(x=%s, y=%s)", text, text_y);
        }
        PyMem_Free(text);
        PyMem_Free(text_y);
        if (s == NULL) {
            return NULL;
        }
        Py_XSETREF(self->repr_cache, s);
    }
    return Py_NewRef(self->repr_cache);
}

static PyObject *
point_move(PointObject *self, PyObject *args)
{
    double dx, dy;
    if (!PyArg_ParseTuple(args, "dd:move", &dx, &dy)) {
        return NULL;
    }
    self->x += dx;
    self->y += dy;
    self->moves++;
    Py_CLEAR(self->repr_cache);
    Py_RETURN_NONE;
}

static PyObject *
point_scale(PointObject *self, PyObject *arg)
{
    double k = PyFloat_AsDouble(arg);
    if (k == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(self);
    self->x *= k;
    self->y *= k;
    Py_CLEAR(self->repr_cache);
    Py_END_CRITICAL_SECTION();
    Py_RETURN_NONE;
}

static PyObject *
point_moves(PointObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromSsize_t(self->moves);
}

static PyObject *
point_get_x(PointObject *self, void *closure)
{
    return PyFloat_FromDouble(self->x);
}

static int
point_set_x(PointObject *self, PyObject *value, void *closure)
{
    double v = value == NULL ? -1.0 : PyFloat_AsDouble(value);
    if (value == NULL || (v == -1.0 && PyErr_Occurred())) {
        if (value == NULL) {
            PyErr_SetString(PyExc_AttributeError, "cannot delete x");
        }
        return -1;
    }
    self->x = v;
    Py_CLEAR(self->repr_cache);
    return 0;
}

static PyObject *
point_get_y(PointObject *self, void *closure)
{
    return PyFloat_FromDouble(self->y);
}

static PyGetSetDef point_getset[] = {
    {"x", (getter)point_get_x, (setter)point_set_x, "x coordinate", NULL},
    {"y", (getter)point_get_y, NULL, "y coordinate (read-only)", NULL},
    {NULL}
};

static PyMethodDef point_methods[] = {
    {"move", (PyCFunction)point_move, METH_VARARGS, "move(dx, dy): shift the point"},
    {"scale", (PyCFunction)point_scale, METH_O, "scale(k): multiply both coordinates"},
    {"moves", (PyCFunction)point_moves, METH_NOARGS, "moves() -> number of move() calls"},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject PointType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cached_repr.Point",
    .tp_basicsize = sizeof(PointObject),
    .tp_dealloc = (destructor)point_dealloc,
    .tp_repr = (reprfunc)point_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Point(x=0.0, y=0.0)",
    .tp_methods = point_methods,
    .tp_getset = point_getset,
    .tp_init = (initproc)point_init,
    .tp_new = PyType_GenericNew,
};

static int
cached_repr_exec(PyObject *module)
{
    if (PyType_Ready(&PointType) < 0) {
        return -1;
    }
    return PyModule_AddObjectRef(module, "Point", (PyObject *)&PointType);
}

static PyModuleDef_Slot cached_repr_slots[] = {
    {Py_mod_exec, cached_repr_exec},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef cached_repr_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "cached_repr",
    .m_doc = "A Point type that caches its repr on the object (not thread-safe).",
    .m_size = 0,
    .m_slots = cached_repr_slots,
};

PyMODINIT_FUNC
PyInit_cached_repr(void)
{
    return PyModuleDef_Init(&cached_repr_module);
}

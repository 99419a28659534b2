/*
 * list_view - a read-only view over a caller's list, with weakly-held observers.
 *
 * ListView(lst) wraps lst without copying it: len(v), v[i], v.total() and list_view.first(lst)
 * read the live list; v.subscribe(obj) registers obj weakly and v.notify(event) calls
 * obj.on_event(event) on every subscriber that is still alive.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *list;        /* the caller's list: it keeps a reference and mutates it */
    PyObject *observers;   /* list of weak references to subscribers */
} ListViewObject;

static PyObject *
listview_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *list;
    ListViewObject *self;

    if (!PyArg_ParseTuple(args, "O!:ListView", &PyList_Type, &list)) {
        return NULL;
    }
    self = (ListViewObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->observers = PyList_New(0);
    if (self->observers == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    Py_INCREF(list);
    self->list = list;
    return (PyObject *)self;
}

static void
listview_dealloc(ListViewObject *self)
{
    Py_XDECREF(self->list);
    Py_XDECREF(self->observers);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static Py_ssize_t
listview_length(ListViewObject *self)
{
    return PyList_GET_SIZE(self->list);
}

static PyObject *
listview_item(ListViewObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= PyList_GET_SIZE(self->list)) {
        PyErr_SetString(PyExc_IndexError, "ListView index out of range");
        return NULL;
    }
    PyObject *item = PyList_GET_ITEM(self->list, i);
    Py_INCREF(item);
    return item;
}

static PyObject *
listview_total(ListViewObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *total = PyLong_FromLong(0);

    for (Py_ssize_t i = 0; total != NULL && i < PyList_GET_SIZE(self->list); i++) {
        PyObject *item = PyList_GET_ITEM(self->list, i);
        Py_SETREF(total, PyNumber_Add(total, item));
    }
    return total;
}

static PyObject *
listview_subscribe(ListViewObject *self, PyObject *observer)
{
    PyObject *ref = PyWeakref_NewRef(observer, NULL);
    if (ref == NULL) {
        return NULL;
    }
    int rc = PyList_Append(self->observers, ref);
    Py_DECREF(ref);
    if (rc < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
listview_notify(ListViewObject *self, PyObject *event)
{
    Py_ssize_t delivered = 0;

    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(self->observers); i++) {
        PyObject *ref = PyList_GET_ITEM(self->observers, i);
        PyObject *observer = PyWeakref_GET_OBJECT(ref);
        if (observer == Py_None) {
            continue;   /* subscriber is gone */
        }
        Py_INCREF(observer);
        PyObject *res = PyObject_CallMethod(observer, "on_event", "O", event);
        Py_DECREF(observer);
        if (res == NULL) {
            return NULL;
        }
        Py_DECREF(res);
        delivered++;
    }
    return PyLong_FromSsize_t(delivered);
}

static PyObject *
first(PyObject *module, PyObject *list)
{
    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "first() expects a list");
        return NULL;
    }
    PyObject *item = PyList_GetItem(list, 0);
    Py_XINCREF(item);
    return item;
}

static PySequenceMethods listview_as_sequence = {
    .sq_length = (lenfunc)listview_length,
    .sq_item = (ssizeargfunc)listview_item,
};

static PyMethodDef listview_methods[] = {
    {"total", (PyCFunction)listview_total, METH_NOARGS, "Sum of the items."},
    {"subscribe", (PyCFunction)listview_subscribe, METH_O, "Register an observer (held weakly)."},
    {"notify", (PyCFunction)listview_notify, METH_O, "Call on_event(event) on live observers."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject ListViewType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "list_view.ListView",
    .tp_basicsize = sizeof(ListViewObject),
    .tp_dealloc = (destructor)listview_dealloc,
    .tp_as_sequence = &listview_as_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Read-only view over a list.",
    .tp_methods = listview_methods,
    .tp_new = listview_new,
};

static PyMethodDef module_methods[] = {
    {"first", first, METH_O, "Return lst[0] (IndexError if empty)."},
    {NULL, NULL, 0, NULL}
};

static int
list_view_exec(PyObject *module)
{
    if (PyType_Ready(&ListViewType) < 0) {
        return -1;
    }
    Py_INCREF(&ListViewType);
    if (PyModule_AddObject(module, "ListView", (PyObject *)&ListViewType) < 0) {
        Py_DECREF(&ListViewType);
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot list_view_slots[] = {
    {Py_mod_exec, list_view_exec},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef list_view_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "list_view",
    .m_doc = "Read-only list views with weakly-held observers.",
    .m_size = 0,
    .m_methods = module_methods,
    .m_slots = list_view_slots,
};

PyMODINIT_FUNC
PyInit_list_view(void)
{
    return PyModuleDef_Init(&list_view_module);
}

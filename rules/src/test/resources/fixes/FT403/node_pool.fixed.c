/*
 * node_pool - a linked-list Node type that recycles its objects through a free list.
 *
 * Node(value, next=None) has .value and .next; chain(n) builds n linked nodes and length(node)
 * walks a chain. Deallocated nodes are kept on a static free list (up to MAX_FREE_NODES) and
 * handed out again by tp_new, the way CPython's own float and tuple free lists used to work.
 * pool_size() reports how many nodes are waiting on the free list.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#define MAX_FREE_NODES 128

typedef struct NodeObject {
    PyObject_HEAD
    PyObject *value;
    PyObject *next;
} NodeObject;

static PyTypeObject NodeType;

#ifndef Py_GIL_DISABLED
static NodeObject *node_free_list[MAX_FREE_NODES];
#endif
static int num_free_nodes = 0;

static NodeObject *
node_alloc(PyTypeObject *type)
{
    NodeObject *op;
#ifndef Py_GIL_DISABLED
    if (num_free_nodes > 0 && type == &NodeType) {
        num_free_nodes--;
        op = node_free_list[num_free_nodes];
        (void)PyObject_Init((PyObject *)op, type);
    }
    else
#endif
    {
        op = (NodeObject *)type->tp_alloc(type, 0);
        if (op == NULL) {
            return NULL;
        }
    }
    op->value = NULL;
    op->next = NULL;
    return op;
}

static PyObject *
node_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"value", "next", NULL};
    PyObject *value, *next = Py_None;
    NodeObject *op;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O:Node", kwlist, &value, &next)) {
        return NULL;
    }
    op = node_alloc(type);
    if (op == NULL) {
        return NULL;
    }
    op->value = Py_NewRef(value);
    op->next = Py_NewRef(next);
    return (PyObject *)op;
}

static void
node_dealloc(NodeObject *op)
{
    Py_CLEAR(op->value);
    Py_CLEAR(op->next);
#ifndef Py_GIL_DISABLED
    if (num_free_nodes < MAX_FREE_NODES && Py_IS_TYPE(op, &NodeType)) {
        node_free_list[num_free_nodes++] = op;
        return;
    }
#endif
    Py_TYPE(op)->tp_free((PyObject *)op);
}

static PyMemberDef node_members[] = {
    {"value", T_OBJECT, offsetof(NodeObject, value), READONLY, "the payload"},
    {"next", T_OBJECT, offsetof(NodeObject, next), READONLY, "the following node or None"},
    {NULL}
};

static PyTypeObject NodeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "node_pool.Node",
    .tp_basicsize = sizeof(NodeObject),
    .tp_dealloc = (destructor)node_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Node(value, next=None): one link of a singly linked list",
    .tp_members = node_members,
    .tp_new = node_new,
};

static PyObject *
chain(PyObject *module, PyObject *arg)
{
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    PyObject *head = Py_NewRef(Py_None);

    if (n == -1 && PyErr_Occurred()) {
        Py_DECREF(head);
        return NULL;
    }
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        NodeObject *node = node_alloc(&NodeType);
        if (node == NULL) {
            Py_DECREF(head);
            return NULL;
        }
        node->value = PyLong_FromSsize_t(i);
        node->next = head;
        if (node->value == NULL) {
            Py_DECREF(node);
            return NULL;
        }
        head = (PyObject *)node;
    }
    return head;
}

static PyObject *
length(PyObject *module, PyObject *node)
{
    Py_ssize_t n = 0;
    while (Py_IS_TYPE(node, &NodeType)) {
        n++;
        node = ((NodeObject *)node)->next;
    }
    return PyLong_FromSsize_t(n);
}

static PyObject *
pool_size(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(num_free_nodes);
}

static PyMethodDef node_pool_methods[] = {
    {"chain", chain, METH_O, "chain(n) -> Node(0) -> Node(1) -> ... -> None"},
    {"length", length, METH_O, "length(node) -> number of nodes in the chain"},
    {"pool_size", pool_size, METH_NOARGS, "pool_size() -> nodes on the free list"},
    {NULL, NULL, 0, NULL}
};

static int
node_pool_exec(PyObject *module)
{
    if (PyType_Ready(&NodeType) < 0) {
        return -1;
    }
    return PyModule_AddObjectRef(module, "Node", (PyObject *)&NodeType);
}

static PyModuleDef_Slot node_pool_slots[] = {
    {Py_mod_exec, node_pool_exec},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef node_pool_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "node_pool",
    .m_doc = "Linked nodes recycled through a static free list (not thread-safe).",
    .m_size = 0,
    .m_methods = node_pool_methods,
    .m_slots = node_pool_slots,
};

PyMODINIT_FUNC
PyInit_node_pool(void)
{
    return PyModuleDef_Init(&node_pool_module);
}

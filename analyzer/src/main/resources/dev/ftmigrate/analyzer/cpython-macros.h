/* CPython macros that change C syntax, for the default mode that parses without Python's headers.
   One #define per line; read by CpythonMacros. Expansions keep the calls rules look for
   (critical sections, PyEval_SaveThread) visible in the tree. Analysed as the free-threaded build. */
#define Py_GIL_DISABLED 1
#define PY_VERSION_HEX 0x030D05F0
#define PY_MAJOR_VERSION 3
#define PY_MINOR_VERSION 13
#define PyObject_HEAD PyObject ob_base;
#define PyObject_VAR_HEAD PyVarObject ob_base;
#define _PyObject_EXTRA_INIT
#define PyObject_HEAD_INIT(type) { 0, 0, (type) },
#define PyVarObject_HEAD_INIT(type, size) { PyObject_HEAD_INIT(type) (size) },
#define PyModuleDef_HEAD_INIT { PyObject_HEAD_INIT(NULL) NULL, 0, NULL }
#define PyMODINIT_FUNC PyObject*
#define PyAPI_FUNC(RTYPE) RTYPE
#define PyAPI_DATA(RTYPE) extern RTYPE
#define PyDoc_STRVAR(name, str) static const char name[] = str
#define PyDoc_STR(str) str
#define PyDoc_VAR(name) static const char name[]
#define Py_BEGIN_ALLOW_THREADS { PyThreadState *_save; _save = PyEval_SaveThread();
#define Py_END_ALLOW_THREADS PyEval_RestoreThread(_save); }
#define Py_BLOCK_THREADS PyEval_RestoreThread(_save);
#define Py_UNBLOCK_THREADS _save = PyEval_SaveThread();
#define Py_BEGIN_CRITICAL_SECTION(op) { PyCriticalSection _py_cs; PyCriticalSection_Begin(&_py_cs, (PyObject *)(op));
#define Py_END_CRITICAL_SECTION() PyCriticalSection_End(&_py_cs); }
#define Py_BEGIN_CRITICAL_SECTION2(a, b) { PyCriticalSection2 _py_cs2; PyCriticalSection2_Begin(&_py_cs2, (PyObject *)(a), (PyObject *)(b));
#define Py_END_CRITICAL_SECTION2() PyCriticalSection2_End(&_py_cs2); }
#define Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST(op) { PyCriticalSection _py_cs; PyCriticalSection_Begin(&_py_cs, (PyObject *)(op));
#define Py_END_CRITICAL_SECTION_SEQUENCE_FAST() PyCriticalSection_End(&_py_cs); }
#define Py_SETREF(dst, src) do { PyObject *_py_tmp = (PyObject *)(dst); (dst) = (src); Py_DECREF(_py_tmp); } while (0)
#define Py_XSETREF(dst, src) do { PyObject *_py_tmp = (PyObject *)(dst); (dst) = (src); Py_XDECREF(_py_tmp); } while (0)
#define Py_CLEAR(op) do { PyObject *_py_tmp = (PyObject *)(op); if (_py_tmp != NULL) { (op) = NULL; Py_DECREF(_py_tmp); } } while (0)
#define Py_VISIT(op) do { if (op) { int vret = visit((PyObject *)(op), arg); if (vret) return vret; } } while (0)
#define Py_RETURN_NONE return Py_NewRef(Py_None)
#define Py_RETURN_TRUE return Py_NewRef(Py_True)
#define Py_RETURN_FALSE return Py_NewRef(Py_False)
#define Py_RETURN_NOTIMPLEMENTED return Py_NewRef(Py_NotImplemented)
#define Py_RETURN_RICHCOMPARE(val1, val2, op) return PyBool_FromLong((val1) == (val2))
#define Py_UNUSED(name) _unused_ ## name
#define Py_LOCAL(type) static type
#define Py_LOCAL_INLINE(type) static inline type
#define Py_ALWAYS_INLINE
#define Py_NO_INLINE
#define _Py_NO_RETURN
#define Py_NO_RETURN
#define Py_GCC_ATTRIBUTE(x)
#define Py_DEPRECATED(VERSION)
#define Py_EXPORTED_SYMBOL
#define Py_IMPORTED_SYMBOL
#define Py_LOCAL_SYMBOL
#define Py_NO_SANITIZE_THREAD
#define Py_NO_SANITIZE_ADDRESS
#define Py_NO_SANITIZE_MEMORY
#define _Py_NO_SANITIZE_UNDEFINED
#define Py_ALIGNED(x) __attribute__((aligned(x)))
#define _Py_COMP_DIAG_PUSH
#define _Py_COMP_DIAG_POP
#define _Py_COMP_DIAG_IGNORE_DEPR_DECLS
#define _Py_CAST(type, expr) ((type)(expr))
#define _PyObject_CAST(op) ((PyObject *)(op))
#define _PyVarObject_CAST(op) ((PyVarObject *)(op))
#define _PyCFunction_CAST(func) ((PyCFunction)(void(*)(void))(func))
#define _PyCFunctionWithKeywords_CAST(func) ((PyCFunctionWithKeywords)(void(*)(void))(func))
#define PyObject_New(type, typeobj) ((type *)_PyObject_New(typeobj))
#define PyObject_NEW(type, typeobj) ((type *)_PyObject_New(typeobj))
#define PyObject_NewVar(type, typeobj, n) ((type *)_PyObject_NewVar((typeobj), (n)))
#define PyObject_NEW_VAR(type, typeobj, n) ((type *)_PyObject_NewVar((typeobj), (n)))
#define PyObject_GC_New(type, typeobj) ((type *)_PyObject_GC_New(typeobj))
#define PyObject_GC_NewVar(type, typeobj, n) ((type *)_PyObject_GC_NewVar((typeobj), (n)))
#define PyObject_GC_Resize(type, op, n) ((type *)_PyObject_GC_Resize((PyVarObject *)(op), (n)))
#define PyMem_New(type, n) ((type *)PyMem_Malloc((n) * sizeof(type)))
#define PyMem_NEW(type, n) ((type *)PyMem_Malloc((n) * sizeof(type)))
#define PyMem_Resize(p, type, n) ((p) = (type *)PyMem_Realloc((p), (n) * sizeof(type)))
#define PyMem_RESIZE(p, type, n) ((p) = (type *)PyMem_Realloc((p), (n) * sizeof(type)))
#define PyMem_Del(p) PyMem_Free(p)
#define PyMem_DEL(p) PyMem_Free(p)
#define Py_SAFE_DOWNCAST(VALUE, WIDE, NARROW) ((NARROW)(VALUE))
#define Py_ARRAY_LENGTH(array) (sizeof(array) / sizeof((array)[0]))
#define Py_CHARMASK(c) ((unsigned char)((c) & 0xff))
#define Py_STRINGIFY(x) #x
#define Py_BUILD_ASSERT(cond) do { } while (0)
#define Py_BUILD_ASSERT_EXPR(cond) 0
#define Py_UNREACHABLE() __builtin_unreachable()
#define Py_MEMBER_SIZE(type, member) sizeof(((type *)0)->member)
#define _Py_IDENTIFIER(varname) static _Py_Identifier PyId_ ## varname = { #varname, -1 }
#define _Py_static_string(varname, value) static _Py_Identifier varname = { value, -1 }
#define Py_GETENV(s) getenv(s)
#define PyStructSequence_UnnamedField "unnamed field"
#define _Py_TYPEOF(expr) __typeof__(expr)
#define Py_T_OBJECT_EX 16

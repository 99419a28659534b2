package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

import java.util.Set;

@RuleInfo(id = "FT502", name = "allocator-domain",
        summary = "Memory from the wrong allocator domain: PyObject_Malloc for non-objects, or objects from PyMem/malloc",
        rationale = "The free-threaded build's allocator keeps Python objects in their own heaps so the garbage "
                + "collector and lock-free readers can find them: only objects may come from the object domain, and "
                + "every object must. A buffer from PyObject_Malloc, or an object from PyMem_Malloc, breaks that.",
        category = "libc and allocators", level = Level.ERROR,
        example = "double *buf = PyObject_Malloc(n * sizeof(double));",
        fixedExample = "double *buf = PyMem_Malloc(n * sizeof(double));",
        fixHint = "Use PyMem_Malloc/PyMem_Free for non-object buffers, and PyObject_New/tp_alloc (PyObject_Malloc) for objects; the matching free calls change with them, so this is left to the maintainer.",
        fixSafety = FixSafety.ADVICE, sinceCPython = "3.13")
public final class AllocatorDomain implements CallRule {
    private static final Set<String> OBJECT_DOMAIN = Set.of("PyObject_Malloc", "PyObject_Calloc", "PyObject_Realloc");
    private static final Set<String> OTHER_DOMAIN = Set.of("PyMem_Malloc", "PyMem_Calloc", "PyMem_Realloc",
            "PyMem_RawMalloc", "PyMem_RawCalloc", "PyMem_RawRealloc", "malloc", "calloc", "realloc");
    private static final Set<String> PRIMITIVE = Set.of("char", "short", "int", "long", "float", "double", "size_t",
            "Py_ssize_t", "Py_UCS1", "Py_UCS2", "Py_UCS4", "wchar_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
            "int8_t", "int16_t", "int32_t", "int64_t", "Py_hash_t", "Py_uhash_t", "Py_buffer", "unsigned", "signed");

    private static final Set<String> CPYTHON_OBJECTS = Set.of("PyObject", "PyVarObject", "PyListObject", "PyTupleObject",
            "PyDictObject", "PyLongObject", "PyFloatObject", "PyUnicodeObject", "PyBytesObject", "PyByteArrayObject",
            "PySetObject", "PyTypeObject", "PyHeapTypeObject", "PyModuleObject", "PyComplexObject", "PyBaseExceptionObject");

    @Override
    public Set<String> callees() {
        Set<String> all = new java.util.HashSet<>(OBJECT_DOMAIN);
        all.addAll(OTHER_DOMAIN);
        return all;
    }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        String type = targetType(call);
        if (type == null) return;
        boolean object = ctx.model().objectTypes().contains(type) || CPYTHON_OBJECTS.contains(type);
        boolean plain = PRIMITIVE.contains(type) || ctx.model().plainStructs().contains(type);
        if (OBJECT_DOMAIN.contains(callee) && plain) {
            ctx.report(call).subject(callee + " -> " + type)
                    .message(callee + "() allocates a `" + type + "` buffer, which is not a Python object: the free-threaded "
                            + "build reserves the object domain for objects; use PyMem_" + callee.substring("PyObject_".length())
                            + "() (and PyMem_Free)")
                    .emit();
        } else if (OTHER_DOMAIN.contains(callee) && object) {
            ctx.report(call).subject(callee + " -> " + type)
                    .message(callee + "() allocates a `" + type + "`, a Python object, outside the object domain: the "
                            + "free-threaded collector cannot find it; allocate it with PyObject_New/PyObject_GC_New or tp_alloc")
                    .emit();
        }
    }

    /** The pointee type the result is cast or assigned to: `(T *)f(...)` or `T *p = f(...)`. */
    static String targetType(IASTFunctionCallExpression call) {
        IASTNode p = call;
        while (p.getParent() instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) p = u;
        // Only a pointer to one T says what is allocated; T ** is an array of pointers.
        if (p.getParent() instanceof IASTCastExpression cast) {
            if (cast.getTypeId().getAbstractDeclarator().getPointerOperators().length != 1) return null;
            return base(cast.getTypeId().getDeclSpecifier().getRawSignature());
        }
        if (p.getParent() instanceof IASTEqualsInitializer eq && eq.getParent() instanceof IASTDeclarator d
                && d.getParent() instanceof IASTSimpleDeclaration sd && d.getPointerOperators().length == 1) {
            return base(sd.getDeclSpecifier().getRawSignature());
        }
        return null;
    }

    private static String base(String declSpec) {
        String t = declSpec.replaceAll("\\b(const|volatile|struct|static|register)\\b", "").strip();
        if (t.startsWith("unsigned") || t.startsWith("signed")) return "int";
        return t.contains(" ") ? t.substring(t.lastIndexOf(' ') + 1) : t;
    }

}

package dev.ftmigrate.analyzer;

import java.util.List;

/**
 * One effect of a function on a struct field, directly or through the helpers it calls.
 *
 * @param type     the struct type (typedef or tag name) whose field it is
 * @param param    which parameter owns the object (-1: module state, shared by every caller)
 * @param range    where, in {@code function}: the access itself or the call that leads to it
 * @param via      the helpers between {@code function} and the access, outermost first
 * @param pointer  the field holds a pointer (a buffer, an object)
 */
public record FieldSite(String type, String field, FieldEffect effect, int param, LinkedFunction function,
                        TextRange range, List<String> via, boolean pointer) {
    public FieldSite {
        via = List.copyOf(via);
    }

    public String key() { return type + "." + field; }

    /** "`data` is reallocated by append() via grow()" style wording of the path. */
    public String how() {
        if (function.id() < 0) return function.name();   // CPython's generic member getter/setter
        return function.name() + "()" + (via.isEmpty() ? "" : " via " + String.join("() → ", via) + "()");
    }
}

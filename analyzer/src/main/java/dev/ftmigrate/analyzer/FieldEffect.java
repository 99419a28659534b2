package dev.ftmigrate.analyzer;

/**
 * What code does to one struct field, ordered by how much harm it does to a concurrent reader.
 * FLAG: a scalar set to a constant or a bit ORed/ANDed in ({@code o->done = 1}, {@code o->flags |= F}):
 * a race on it loses at most a flag update, which a relaxed atomic fixes without a lock.
 */
public enum FieldEffect {
    READ("read"), FLAG("set to a constant or flag bit"), WRITE("written"), RMW("read-modify-written"), REPLACE("replaced"), RESIZE("reallocated"), FREE("freed");

    private final String label;

    FieldEffect(String label) { this.label = label; }

    /** As in "`data` is reallocated by append()". */
    public String label() { return label; }

    public boolean writes() { return this != READ; }

    /** The old value goes away (freed, reallocated, swapped): a concurrent reader can use freed memory. */
    public boolean destroys() { return this == REPLACE || this == RESIZE || this == FREE; }
}

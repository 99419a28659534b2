package dev.ftmigrate.analyzer;

/** What code does to one struct field, ordered by how much harm it does to a concurrent reader. */
public enum FieldEffect {
    READ("read"), WRITE("written"), RMW("read-modify-written"), REPLACE("replaced"), RESIZE("reallocated"), FREE("freed");

    private final String label;

    FieldEffect(String label) { this.label = label; }

    /** As in "`data` is reallocated by append()". */
    public String label() { return label; }

    public boolean writes() { return this != READ; }

    /** The old value goes away (freed, reallocated, swapped): a concurrent reader can use freed memory. */
    public boolean destroys() { return this == REPLACE || this == RESIZE || this == FREE; }
}

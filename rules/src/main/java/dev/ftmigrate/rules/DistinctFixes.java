package dev.ftmigrate.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct fixes of a file's or a report's findings, numbered in order of first use. One fix often
 * serves several findings (one mutex for a group of statics, taken at each of their sites): kept or
 * written once per finding, a cache entry or a report grew with findings times edits. Equal fixes
 * read back from the cache are separate objects: each object is hashed once, then matched by value.
 */
public final class DistinctFixes {
    private final Map<Fix, Integer> byObject = new IdentityHashMap<>();
    private final Map<Fix, Integer> byValue = new HashMap<>();
    private final List<Fix> fixes = new ArrayList<>();

    /** The number of this fix: a new one unless an equal fix came before. */
    public int indexOf(Fix fix) {
        Integer known = byObject.get(fix);
        if (known != null) return known;
        int index = byValue.computeIfAbsent(fix, f -> {
            fixes.add(f);
            return fixes.size() - 1;
        });
        byObject.put(fix, index);
        return index;
    }

    /** The distinct fixes, by number; equal fixes are the first such object. */
    public List<Fix> fixes() { return fixes; }
}

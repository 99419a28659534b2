package dev.ftmigrate.patcher;

import dev.ftmigrate.rules.TextEdit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The edits accepted so far, per file. Identical edits are merged; insertions at one offset keep
 * the order in which they were added (so callers that add fixes in a sorted order get a stable
 * result) and come before a replacement that starts there; any other overlap is a conflict.
 * Offsets always refer to the original text, never to text already edited.
 */
public final class EditSet {
    private record Entry(TextEdit edit, String owner, long seq) {}

    /** Order of application: by offset, insertions before the replacement at that offset, then by arrival. */
    private static final Comparator<Entry> ORDER = Comparator
            .comparingInt((Entry e) -> e.edit.offset())
            .thenComparingInt(e -> e.edit.length() == 0 ? 0 : 1)
            .thenComparingLong(e -> e.seq);

    /** A file's accepted edits: all of them by offset, and the replacements alone (they never overlap one another). */
    private static final class FileEdits {
        final TreeMap<Integer, List<Entry>> byOffset = new TreeMap<>();
        final TreeMap<Integer, Entry> replacements = new TreeMap<>();
        final java.util.Set<TextEdit> all = new java.util.HashSet<>();
        int size;
    }

    private final TreeMap<String, FileEdits> byFile = new TreeMap<>();
    private long nextSeq;

    /**
     * Adds all {@code edits} or none: returns the first conflict (with the set, or between two
     * of the edits themselves) and leaves the set unchanged in that case. Each edit is checked
     * against its neighbours only (a sorted index), so a run's edits are added in n log n.
     */
    public Optional<EditConflict> tryAddAll(Collection<TextEdit> edits, String owner) {
        List<TextEdit> fresh = new ArrayList<>();
        for (TextEdit e : new java.util.LinkedHashSet<>(edits)) if (!isNoOp(e)) fresh.add(e);
        List<TextEdit> sorted = new ArrayList<>(fresh);
        sorted.sort(Comparator.comparing(TextEdit::relPath).thenComparingInt(TextEdit::offset).thenComparingInt(TextEdit::length));
        TextEdit widest = null, prev = null;
        for (TextEdit e : sorted) {
            if (prev != null && !prev.relPath().equals(e.relPath())) widest = null;
            for (TextEdit f : new TextEdit[]{prev, widest}) {
                if (f != null && overlaps(f, e)) return Optional.of(new EditConflict(f, owner, e, owner));
            }
            if (widest == null || e.end() > widest.end()) widest = e;
            prev = e;
        }
        for (TextEdit e : fresh) {
            Optional<EditConflict> c = conflictWithSet(e, owner);
            if (c.isPresent()) return c;
        }
        for (TextEdit e : fresh) {
            FileEdits f = byFile.computeIfAbsent(e.relPath(), k -> new FileEdits());
            if (!f.all.add(e)) continue;
            Entry x = new Entry(e, owner, nextSeq++);
            List<Entry> at = f.byOffset.computeIfAbsent(e.offset(), k -> new ArrayList<>());
            at.add(x);
            at.sort(ORDER);
            if (e.length() > 0) f.replacements.put(e.offset(), x);
            f.size++;
        }
        return Optional.empty();
    }

    /** Adds one edit, see {@link #tryAddAll}. */
    public Optional<EditConflict> tryAdd(TextEdit edit, String owner) {
        return tryAddAll(List.of(edit), owner);
    }

    private Optional<EditConflict> conflictWithSet(TextEdit e, String owner) {
        FileEdits f = byFile.get(e.relPath());
        if (f == null || f.all.contains(e)) return Optional.empty();
        // A replacement starting before e and reaching into it, then anything starting inside e's range (or at its offset).
        var before = f.replacements.lowerEntry(e.offset());
        if (before != null && overlaps(before.getValue().edit, e)) return Optional.of(new EditConflict(before.getValue().edit, before.getValue().owner, e, owner));
        for (List<Entry> list : f.byOffset.subMap(e.offset(), true, Math.max(e.offset(), e.end()), e.length() == 0).values()) {
            for (Entry x : list) {
                if (overlaps(x.edit, e)) return Optional.of(new EditConflict(x.edit, x.owner, e, owner));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether two non-identical edits of a file cannot both apply. Two insertions at one offset
     * can; an insertion at either end of a replaced range can; anything inside a replaced range
     * cannot.
     */
    static boolean overlaps(TextEdit a, TextEdit b) {
        if (!a.relPath().equals(b.relPath()) || a.equals(b)) return false;
        if (a.length() == 0 && b.length() == 0) return false;
        if (a.length() == 0) return b.offset() < a.offset() && a.offset() < b.end();
        if (b.length() == 0) return a.offset() < b.offset() && b.offset() < a.end();
        return a.offset() < b.end() && b.offset() < a.end();
    }

    private static boolean isNoOp(TextEdit e) {
        return e.length() == 0 && e.replacement().isEmpty();
    }

    /** The edits of one file in application order. */
    public List<TextEdit> edits(String relPath) {
        FileEdits f = byFile.get(relPath);
        if (f == null) return List.of();
        List<TextEdit> out = new ArrayList<>(f.size);
        for (List<Entry> at : f.byOffset.values()) for (Entry x : at) out.add(x.edit);
        return out;
    }

    /** Files with at least one edit, sorted. */
    public List<String> files() {
        return List.copyOf(byFile.keySet());
    }

    public int size() {
        return byFile.values().stream().mapToInt(f -> f.size).sum();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** Splices this set's edits for {@code relPath} into {@code original}, which they refer to. */
    public String applyTo(String relPath, String original) {
        return apply(original, edits(relPath));
    }

    /** Splices {@code edits} (sorted, non-overlapping, offsets into {@code original}) into it. */
    static String apply(String original, List<TextEdit> edits) {
        StringBuilder out = new StringBuilder(original.length() + 256);
        int pos = 0;
        for (TextEdit e : edits) {
            if (e.offset() < pos || e.end() > original.length()) {
                throw new IllegalArgumentException("edit out of order or out of range: " + EditConflict.describe(e));
            }
            out.append(original, pos, e.offset()).append(e.replacement());
            pos = e.end();
        }
        return out.append(original, pos, original.length()).toString();
    }
}

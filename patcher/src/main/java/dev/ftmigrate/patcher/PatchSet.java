package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fixes sorted into groups (a rule family, say), accepted through one {@link EditEngine} so that
 * conflicts are settled across all groups, then rendered as one combined diff or as a series of
 * mail-style patches, one per group, that {@code git am} applies in order (patch k is the diff
 * from the text after groups 1..k-1 to the text after groups 1..k) and {@code git apply} accepts.
 */
public final class PatchSet {
    /** Default author for {@code git am}, which requires a From: header. */
    public static final String DEFAULT_AUTHOR = "ftmigrate <ftmigrate@localhost>";

    /** One rendered patch of the series. */
    public record Patch(int number, int total, String group, String subject, List<FileChange> changes, byte[] content) {
        /** A file name in the style of git format-patch: 0001-subject-words.patch. */
        public String fileName() {
            String slug = subject.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            if (slug.length() > 52) slug = slug.substring(0, 52).replaceAll("-$", "");
            return String.format("%04d-%s.patch", number, slug.isEmpty() ? "ftmigrate" : slug);
        }
    }

    private record Group(String subject, String body) {}

    /** Each group's notes, once each, in order (a set: a group of thousands of findings asked a list each time). */
    private final Map<String, java.util.LinkedHashSet<String>> notes = new LinkedHashMap<>();

    private final EditEngine engine;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final List<String> groupOfAccepted = new ArrayList<>(); // parallel to engine.acceptedWithEdits()
    private String author = DEFAULT_AUTHOR;

    public PatchSet(Collection<SourceFile> files, Set<FixSafety> allowed) {
        this.engine = new EditEngine(files, allowed);
    }

    public PatchSet(Collection<SourceFile> files) {
        this.engine = new EditEngine(files);
    }

    /** The "Name <email>" put in From: (git am makes it the commit's author). */
    public PatchSet author(String nameAndEmail) {
        this.author = nameAndEmail;
        return this;
    }

    /** Declares a group's subject line and explanation; groups are rendered in declaration order. */
    public PatchSet group(String key, String subject, String body) {
        groups.put(key, new Group(subject, body == null ? "" : body.strip()));
        return this;
    }

    /**
     * Adds a line to a group's message under "What this patch fixes": which race, where, and why
     * this fix. Lines are kept in the order given; a repeated line is kept once.
     */
    public PatchSet note(String group, String line) {
        notes.computeIfAbsent(group, k -> new java.util.LinkedHashSet<>()).add(line);
        return this;
    }

    public Optional<Rejection> offer(String group, Fix fix, String label) {
        groups.putIfAbsent(group, new Group(group, ""));
        int before = engine.acceptedWithEdits().size();
        Optional<Rejection> r = engine.offer(fix, label);
        // A fix accepted before (for another finding it serves) is not listed again.
        if (engine.acceptedWithEdits().size() > before) groupOfAccepted.add(group);
        return r;
    }

    public Optional<Rejection> offer(String group, Fix fix) {
        return offer(group, fix, fix.description());
    }

    /** Offers a finding's fix; the label names its rule and place. */
    public Optional<Rejection> offer(String group, Finding finding) {
        if (finding.fix().isEmpty()) return Optional.empty();
        var l = finding.location();
        return offer(group, finding.fix().get(), finding.ruleId() + " at " + l.relPath() + ":" + l.startLine() + ":" + l.startColumn());
    }

    public List<Fix> accepted() { return engine.accepted(); }

    public List<Rejection> rejected() { return engine.rejected(); }

    /** Every change of every group. */
    public List<FileChange> changes() { return engine.changes(); }

    /** One diff with every change. */
    public byte[] combinedDiff() { return UnifiedDiff.render(changes()); }

    /** One patch per group that changes something, in group order, each on top of the previous. */
    public List<Patch> patches() {
        List<String> keys = new ArrayList<>();
        for (String k : groups.keySet()) if (groupOfAccepted.contains(k)) keys.add(k);
        List<Patch> out = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>(); // relPath -> text after the groups so far
        List<EditEngine.Accepted> all = engine.acceptedWithEdits();
        for (int k = 0; k < keys.size(); k++) {
            // Groups 1..k, re-added in global acceptance order so that insertions at one offset
            // end up in the same order as in the combined diff.
            List<String> upTo = keys.subList(0, k + 1);
            EditSet sofar = new EditSet();
            for (int i = 0; i < all.size(); i++) {
                if (upTo.contains(groupOfAccepted.get(i))) sofar.tryAddAll(all.get(i).edits(), all.get(i).label());
            }
            String key = keys.get(k);
            List<FileChange> step = new ArrayList<>();
            for (String rel : sofar.files()) {
                SourceFile src = engine.source(rel);
                String before = current.getOrDefault(rel, src.text());
                String after = sofar.applyTo(rel, src.text());
                if (!after.equals(before)) step.add(new FileChange(intermediate(src, before), after, engine.created(rel) && before.isEmpty()));
                current.put(rel, after);
            }
            if (!step.isEmpty()) out.add(new Patch(0, 0, key, groups.get(key).subject(), step, null));
        }
        List<Patch> numbered = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            Patch p = out.get(i);
            Group g = groups.get(p.group());
            byte[] content = mail(i + 1, out.size(), g, notes.getOrDefault(p.group(), new java.util.LinkedHashSet<>()), UnifiedDiff.render(p.changes()));
            numbered.add(new Patch(i + 1, out.size(), p.group(), p.subject(), p.changes(), content));
        }
        return numbered;
    }

    /** The list of the files of the last series written into a folder, one name a line. */
    public static final String MANIFEST = ".ftmigrate-series";

    /**
     * Writes {@link #patches()} into {@code dir} (created if needed), each file atomically, then the
     * series manifest; the files of the previous series that are not part of this one are removed, so
     * {@code git am dir/*.patch} never picks up a stale patch. Returns the files in order.
     */
    public List<Path> writePatches(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path manifest = dir.resolve(MANIFEST);
        List<String> previous = Files.isRegularFile(manifest) ? Files.readAllLines(manifest, StandardCharsets.UTF_8) : List.of();
        List<Path> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Patch p : patches()) {
            Path f = dir.resolve(p.fileName());
            AtomicFile.write(f, p.content());
            out.add(f);
            names.add(p.fileName());
        }
        AtomicFile.write(manifest, (String.join("\n", names) + (names.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
        for (String old : previous) {
            // Only plain names this tool wrote: a hand-edited manifest cannot delete anything else.
            if (old.matches("\\d{4}-[a-z0-9-]+\\.patch") && !names.contains(old)) Files.deleteIfExists(dir.resolve(old));
        }
        AtomicFile.removeLeftoversIn(dir);
        return out;
    }

    /** The same file as if it had been scanned with {@code text}: same path, charset and BOM. */
    private static SourceFile intermediate(SourceFile src, String text) {
        if (text.equals(src.text())) return src;
        byte[] bytes = src.encode(text);
        SourceFile s = SourceFile.of(src.path(), src.relPath(), bytes);
        if (!s.text().equals(text) || s.hasBom() != src.hasBom()) {
            throw new IllegalStateException(src.relPath() + ": intermediate text does not round-trip");
        }
        return s;
    }

    /** Subject, blank line, body, "---", then the diff: what git format-patch writes, minus the date. */
    private byte[] mail(int n, int total, Group g, java.util.Collection<String> notes, byte[] diff) {
        String prefix = total > 1 ? "[PATCH " + n + "/" + total + "] " : "[PATCH] ";
        StringBuilder h = new StringBuilder();
        h.append("From: ").append(author).append('\n');
        String text = author + g.subject() + g.body() + String.join("", notes);
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            // Tells git mailinfo the message is UTF-8; the diff below it is taken as raw bytes.
            h.append("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n");
        }
        h.append("Subject: ").append(prefix).append(g.subject().replace('\n', ' ')).append("\n\n");
        if (!g.body().isEmpty()) h.append(g.body()).append("\n\n");
        if (!notes.isEmpty()) h.append("What this patch fixes:\n").append(String.join("\n", notes)).append("\n\n");
        h.append("---\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(diff);
        return out.toByteArray();
    }
}

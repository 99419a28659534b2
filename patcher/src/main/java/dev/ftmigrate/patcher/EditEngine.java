package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.DistinctFixes;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;

import java.nio.charset.CharsetEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accepts fixes one by one: a fix goes in only when every edit of it is valid and fits with the
 * edits already accepted; otherwise it is rejected as a whole with a reason, and the caller keeps
 * going with the next fix. Replacement text is converted to each file's dominant line ending on
 * the way in, so duplicates and conflicts are judged on what will really be written.
 */
public final class EditEngine {
    private final Map<String, SourceFile> sources = new LinkedHashMap<>();
    private final Set<String> created = new HashSet<>();
    private final Set<FixSafety> allowed;
    private final EditSet edits = new EditSet();
    private final List<Accepted> accepted = new ArrayList<>();
    private final List<Rejection> rejected = new ArrayList<>();
    /**
     * Every fix offered so far, numbered, and what became of it (null: accepted). One fix serves every
     * finding of a group (one mutex for a group of statics) and each of them offers it: judging its
     * edits anew each time made a patch grow with findings times edits. The outcome cannot change:
     * accepted edits are only ever added to.
     */
    private final DistinctFixes offered = new DistinctFixes();
    private final List<Rejection> outcomes = new ArrayList<>();
    /** Each file's line ending, found once (every edit of every fix asks). */
    private final Map<String, String> eols = new java.util.HashMap<>();

    /** An engine that applies SAFE and REVIEW fixes (ADVICE fixes are never applied). */
    public EditEngine(Collection<SourceFile> files) {
        this(files, EnumSet.of(FixSafety.SAFE, FixSafety.REVIEW));
    }

    /** An engine that applies fixes whose safety is in {@code allowed}; ADVICE is always refused. */
    public EditEngine(Collection<SourceFile> files, Set<FixSafety> allowed) {
        for (SourceFile f : files) sources.put(f.relPath(), f);
        this.allowed = allowed.isEmpty() ? EnumSet.noneOf(FixSafety.class) : EnumSet.copyOf(allowed);
        this.allowed.remove(FixSafety.ADVICE);
    }

    public static EditEngine of(SourceFile... files) {
        return new EditEngine(List.of(files));
    }

    /** Offers a finding's fix, labelled by rule id and place. A finding without a fix is ignored. */
    public Optional<Rejection> offer(Finding finding) {
        if (finding.fix().isEmpty()) return Optional.empty();
        var l = finding.location();
        return offer(finding.fix().get(), finding.ruleId() + " at " + l.relPath() + ":" + l.startLine() + ":" + l.startColumn());
    }

    public Optional<Rejection> offer(Fix fix) {
        return offer(fix, fix.description());
    }

    /**
     * Accepts {@code fix} whole, or records and returns why not. A fix equal to one offered before
     * gets the same answer; accepted again, it changes nothing and is not listed again.
     */
    public Optional<Rejection> offer(Fix fix, String label) {
        if (!allowed.contains(fix.safety())) {
            return reject(fix, label, "fix safety '" + fix.safety().label() + "' is not enabled", null);
        }
        int k = offered.indexOf(fix);
        if (k < outcomes.size()) {
            Rejection was = outcomes.get(k);
            return was == null ? Optional.empty() : reject(fix, label, was.reason(), was.conflict().orElse(null));
        }
        Optional<Rejection> r = judge(fix, label);
        outcomes.add(r.orElse(null));
        return r;
    }

    private Optional<Rejection> judge(Fix fix, String label) {
        List<TextEdit> normalized = new ArrayList<>();
        for (TextEdit e : fix.edits()) {
            SourceFile f = sources.get(e.relPath());
            if (f == null && e.offset() == 0 && e.length() == 0) f = newFile(e.relPath());
            String problem = f == null ? "edits " + e.relPath() + ", which was not scanned" : invalid(f, e);
            if (problem != null) return reject(fix, label, problem, null);
            String text = f.text();
            normalized.add(new TextEdit(e.relPath(), e.offset(), e.length(),
                    LineEndings.convert(e.replacement(), eols.computeIfAbsent(e.relPath(), k -> LineEndings.dominant(text)))));
        }
        Optional<EditConflict> c = edits.tryAddAll(normalized, label);
        if (c.isPresent()) return reject(fix, label, conflictReason(c.get()), c.get());
        accepted.add(new Accepted(fix, label, List.copyOf(normalized)));
        return Optional.empty();
    }

    /**
     * A file that a fix creates (its only edit an insertion at the start): placed under the root
     * the scanned files share; refused (null) when no scanned file tells the root or when the file
     * exists without having been scanned, since its content is then unknown.
     */
    private SourceFile newFile(String relPath) {
        for (SourceFile s : List.copyOf(sources.values())) {
            Path p = s.path().toAbsolutePath().normalize();
            Path rel = Path.of(s.relPath());
            if (!p.endsWith(rel)) continue;
            Path root = p;
            for (int i = 0; i < rel.getNameCount(); i++) root = root.getParent();
            Path target = root.resolve(relPath).normalize();
            if (!target.startsWith(root) || Files.exists(target)) return null;
            SourceFile f = SourceFile.of(target, relPath, new byte[0]);
            sources.put(relPath, f);
            created.add(relPath);
            return f;
        }
        return null;
    }

    /** Whether {@code relPath} is a file the accepted fixes create. */
    public boolean created(String relPath) { return created.contains(relPath); }

    /** Offers each fix in order; returns the rejections of this call. */
    public List<Rejection> offerAll(Iterable<Fix> fixes) {
        List<Rejection> out = new ArrayList<>();
        for (Fix f : fixes) offer(f).ifPresent(out::add);
        return out;
    }

    private Optional<Rejection> reject(Fix fix, String label, String reason, EditConflict c) {
        Rejection r = new Rejection(fix, label, reason, Optional.ofNullable(c));
        rejected.add(r);
        return Optional.of(r);
    }

    private static String invalid(SourceFile f, TextEdit e) {
        String t = f.text();
        if (e.end() > t.length()) return where(f, e) + " reaches past the end of the file (" + t.length() + " chars)";
        // A split CRLF or surrogate pair would leave a broken line ending or character behind.
        if (LineEndings.splitsCrlf(t, e.offset()) || LineEndings.splitsCrlf(t, e.end())) {
            return where(f, e) + " splits a CRLF line ending";
        }
        if (splitsSurrogate(t, e.offset()) || splitsSurrogate(t, e.end())) return where(f, e) + " splits a character";
        CharsetEncoder enc = f.charset().newEncoder();
        if (!enc.canEncode(e.replacement())) {
            return where(f, e) + " inserts text that " + f.charset() + " cannot encode";
        }
        return null;
    }

    private static boolean splitsSurrogate(String t, int off) {
        return off > 0 && off < t.length() && Character.isHighSurrogate(t.charAt(off - 1)) && Character.isLowSurrogate(t.charAt(off));
    }

    private String conflictReason(EditConflict c) {
        return where(c.incoming()) + " (" + EditConflict.describe(c.incoming()) + ") overlaps "
                + where(c.existing()) + " (" + EditConflict.describe(c.existing()) + ")"
                + (c.existingOwner().equals(c.incomingOwner()) ? " of the same fix" : " of accepted fix '" + c.existingOwner() + "'");
    }

    private String where(TextEdit e) {
        SourceFile f = sources.get(e.relPath());
        return f == null ? e.relPath() + "@" + e.offset() : where(f, e);
    }

    private static String where(SourceFile f, TextEdit e) {
        return "edit at " + f.relPath() + ":" + f.line(e.offset()) + ":" + f.column(e.offset());
    }

    /** An accepted fix with its edits as they will be applied (line endings converted). */
    public record Accepted(Fix fix, String label, List<TextEdit> edits) {}

    public List<Fix> accepted() { return accepted.stream().map(Accepted::fix).toList(); }

    public List<Accepted> acceptedWithEdits() { return Collections.unmodifiableList(accepted); }

    /** The scanned file of {@code relPath}, or null. */
    public SourceFile source(String relPath) { return sources.get(relPath); }

    public List<Rejection> rejected() { return Collections.unmodifiableList(rejected); }

    /** The merged, normalized edits accepted so far. */
    public EditSet edits() { return edits; }

    /** The files whose text the accepted edits change, sorted by path, with their new text. */
    public List<FileChange> changes() {
        List<FileChange> out = new ArrayList<>();
        for (String rel : edits.files()) {
            FileChange c = new FileChange(sources.get(rel), edits.applyTo(rel, sources.get(rel).text()), created.contains(rel));
            if (c.changed()) out.add(c);
        }
        return out;
    }
}

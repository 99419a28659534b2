package dev.ftmigrate.check;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.check.CheckReport.Excerpt;
import dev.ftmigrate.check.CheckReport.FindingRef;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Location;
import dev.ftmigrate.rules.ScanResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The scan's findings as report entries: numbered, with project-relative paths, entry points and a code excerpt. */
final class Findings {
    private static final Pattern METHOD = Pattern.compile("method `([A-Za-z_]\\w*)`");
    private static final int CONTEXT = 2;

    private Findings() {}

    static List<FindingRef> refs(ScanResult scan, Collection<SourceFile> sources, Path project) {
        Map<String, SourceFile> byRel = new HashMap<>();
        for (SourceFile s : sources) byRel.put(s.relPath(), s);
        Path root = Files.isRegularFile(project) ? project.getParent() : project;
        List<Finding> sorted = new ArrayList<>(scan.findings());
        sorted.sort(Comparator.comparing((Finding f) -> f.location().relPath()).thenComparingInt(f -> f.location().startOffset())
                .thenComparing(Finding::ruleId));
        List<FindingRef> out = new ArrayList<>();
        for (Finding f : sorted) {
            Location l = f.location();
            SourceFile src = byRel.get(l.relPath());
            String path = l.relPath();
            if (src != null && src.path() != null) {
                Path abs = src.path().toAbsolutePath().normalize();
                if (abs.startsWith(root)) path = root.relativize(abs).toString().replace('\\', '/');
            }
            Set<String> eps = new LinkedHashSet<>();
            for (Location e : f.evidence()) {
                if (e.message() == null) continue;
                Matcher m = METHOD.matcher(e.message());
                while (m.find()) eps.add(m.group(1));
            }
            Matcher m = METHOD.matcher(f.message());
            while (m.find()) eps.add(m.group(1));
            String fix = f.fix().map(x -> x.safety().name().toLowerCase() + ": " + x.description()).orElse(null);
            out.add(new FindingRef("F" + (out.size() + 1), f.ruleId(), f.level().name().toLowerCase(), path,
                    l.startLine(), f.function(), f.subject(), f.message(), fix, List.copyOf(eps), excerpt(src, l.startLine())));
        }
        return out;
    }

    private static Excerpt excerpt(SourceFile src, int line) {
        if (src == null) return null;
        int first = Math.max(1, line - CONTEXT);
        int last = Math.min(src.lineCount(), line + CONTEXT);
        String t = src.text();
        List<String> lines = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            int s = src.lineStart(i);
            int e = i < src.lineCount() ? src.lineStart(i + 1) : t.length();
            lines.add(t.substring(s, e).replaceAll("[\\r\\n]+$", ""));
        }
        return new Excerpt(first, lines);
    }
}

package dev.ftmigrate.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads ThreadSanitizer's stderr. The extension's frame is often not at the top of a stack (CPython's own
 * frames come first), so every frame of every access is searched for the extension's source files.
 */
public final class TsanReportParser {
    private static final Pattern WARNING = Pattern.compile("WARNING: ThreadSanitizer: ([^(\\n]+?)\\s*(\\(pid=\\d+\\))?$");
    private static final Pattern ACCESS = Pattern.compile(
            "^\\s*((?:Previous |Atomic )*(?:[Ww]rite|[Rr]ead|atomic write|atomic read)[^:]*|Thread T\\d+[^:]*|Mutex[^:]*):?\\s*$");
    // "    #0 func /path/file.c:12 (lib.so+0x1234)" or "    #0 func /path/file.c:12:5 (...)"
    private static final Pattern FRAME = Pattern.compile("^\\s*#(\\d+)\\s+(\\S+)\\s+(\\S+?)(?::(\\d+))?(?::\\d+)?\\s+\\(.*$");

    private TsanReportParser() {}

    /** True when the text holds any ThreadSanitizer warning. */
    public static boolean hasReport(String stderr) { return stderr.contains("WARNING: ThreadSanitizer:"); }

    public static List<TsanReport> parse(String stderr, Collection<Path> extensionSources) {
        Set<String> names = extensionSources.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        Set<String> full = extensionSources.stream().map(p -> p.toAbsolutePath().normalize().toString())
                .collect(Collectors.toSet());
        List<TsanReport> out = new ArrayList<>();
        String[] lines = stderr.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher w = WARNING.matcher(lines[i].strip());
            if (!w.find()) continue;
            String kind = w.group(1).strip();
            List<TsanReport.Access> accesses = new ArrayList<>();
            String variable = null;
            String curWhat = null;
            List<String> curStack = new ArrayList<>();
            String curExt = null;
            String firstLoc = null;
            String firstFn = null;
            int j = i + 1;
            for (; j < lines.length; j++) {
                String l = lines[j];
                if (l.startsWith("==================") || l.startsWith("SUMMARY: ThreadSanitizer")) break;
                if (l.contains("WARNING: ThreadSanitizer:")) { j--; break; }
                Matcher f = FRAME.matcher(l);
                if (f.matches() && curWhat != null) {
                    String fn = f.group(2);
                    String file = f.group(3);
                    String line = f.group(4);
                    String shown = shortFile(file) + (line != null ? ":" + line : "") + " in " + fn;
                    curStack.add(shown);
                    boolean ext = line != null && (full.contains(file) || names.contains(shortFile(file)));
                    if (ext && curExt == null) {
                        curExt = shown;
                        if (firstLoc == null && !curWhat.startsWith("Thread") && !curWhat.startsWith("Mutex")) {
                            firstLoc = shortFile(file) + ":" + line;
                            firstFn = fn;
                        }
                    }
                    continue;
                }
                String s = l.strip();
                if (s.startsWith("Location is")) {
                    variable = s;
                    continue;
                }
                Matcher a = ACCESS.matcher(l);
                if (a.matches() && !s.startsWith("#")) {
                    if (curWhat != null) accesses.add(access(curWhat, curExt, curStack));
                    curWhat = a.group(1).strip();
                    curStack = new ArrayList<>();
                    curExt = null;
                }
            }
            if (curWhat != null) accesses.add(access(curWhat, curExt, curStack));
            List<TsanReport.Access> racing = accesses.stream()
                    .filter(x -> !x.what().startsWith("Thread") && !x.what().startsWith("Mutex")).toList();
            boolean inExt = firstLoc != null;
            out.add(new TsanReport(kind, inExt, firstLoc, firstFn, racing, variable));
            i = j;
        }
        return out;
    }

    private static TsanReport.Access access(String what, String ext, List<String> stack) {
        String frame = ext != null ? ext : (stack.isEmpty() ? null : stack.get(0));
        return new TsanReport.Access(what, frame, List.copyOf(stack.subList(0, Math.min(stack.size(), 12))));
    }

    private static String shortFile(String file) {
        int s = file.lastIndexOf('/');
        return s >= 0 ? file.substring(s + 1) : file;
    }
}

package dev.ftmigrate.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fetches Debian source packages with a private apt configuration: its own source list, lists and cache
 * directories, so the machine's apt state is never touched. The archive URI is read from the machine's own
 * apt sources (deb822 {@code .sources} or one-line {@code .list}); no host is hard-coded.
 */
public final class AptSource {
    /** The Debian release whose source packages carry CPython 3.13. */
    public static final String DEFAULT_SUITE = "trixie";

    private final Path root;
    private final String uri;
    private final String suite;
    private final Path keyring;

    public AptSource(Path root, String uri, String suite, Path keyring) {
        this.root = root;
        this.uri = uri;
        this.suite = suite;
        this.keyring = keyring;
    }

    /** Uses the machine's configured Debian mirror; throws when apt is missing or none is configured. */
    public static AptSource fromMachine(Path root) {
        if (Exec.which("apt-get") == null) throw new EnvironmentUnavailable("apt-get is not available on this machine");
        String uri = findDebianMirror(Path.of("/etc/apt"));
        if (uri == null) throw new EnvironmentUnavailable("no Debian archive found in /etc/apt/sources.list(.d)");
        String suite = System.getenv().getOrDefault("FTMIGRATE_APT_SUITE", DEFAULT_SUITE);
        Path kr = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
        return new AptSource(root, uri, suite, Files.exists(kr) ? kr : null);
    }

    public String uri() { return uri; }
    public String suite() { return suite; }

    /** A configured source entry (one-line or deb822 form). */
    record Entry(List<String> types, List<String> uris, List<String> suites, List<String> components, boolean enabled) {}

    /** The first enabled Debian archive (not the security archive) among the machine's apt sources. */
    static String findDebianMirror(Path etcApt) {
        List<Entry> entries = new ArrayList<>();
        try {
            Path main = etcApt.resolve("sources.list");
            if (Files.isRegularFile(main)) entries.addAll(parseOneLine(Files.readString(main)));
            Path dir = etcApt.resolve("sources.list.d");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path f : s.sorted(Comparator.comparing(Path::toString)).toList()) {
                        String n = f.getFileName().toString();
                        if (n.endsWith(".list")) entries.addAll(parseOneLine(Files.readString(f)));
                        else if (n.endsWith(".sources")) entries.addAll(parseDeb822(Files.readString(f)));
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        for (Entry e : entries) {
            if (!e.enabled() || !e.components().contains("main")) continue;
            if (e.types().stream().noneMatch(t -> t.equals("deb") || t.equals("deb-src"))) continue;
            boolean debianSuite = e.suites().stream().anyMatch(AptSource::isDebianSuite);
            if (!debianSuite) continue;
            for (String u : e.uris()) {
                String lu = u.toLowerCase(Locale.ROOT);
                if (lu.contains("security")) continue;
                if (lu.contains("debian")) return u;
            }
        }
        return null;
    }

    private static boolean isDebianSuite(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        if (l.contains("security") || l.contains("/")) return false;
        String base = l.replaceAll("-(updates|backports|proposed-updates)$", "");
        return List.of("buster", "bullseye", "bookworm", "trixie", "forky", "sid", "unstable", "testing",
                "stable", "oldstable").contains(base);
    }

    static List<Entry> parseOneLine(String text) {
        List<Entry> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int hash = line.indexOf(" #");
            if (hash >= 0) line = line.substring(0, hash).strip();
            line = line.replaceAll("\\[[^\\]]*\\]", " ").strip();
            String[] f = line.split("\\s+");
            if (f.length < 3) continue;
            out.add(new Entry(List.of(f[0]), List.of(f[1]), List.of(f[2]),
                    List.of(f).subList(3, f.length), true));
        }
        return out;
    }

    static List<Entry> parseDeb822(String text) {
        List<Entry> out = new ArrayList<>();
        for (String para : text.split("\n\\s*\n")) {
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            String last = null;
            for (String raw : para.split("\n")) {
                if (raw.startsWith("#")) continue;
                if ((raw.startsWith(" ") || raw.startsWith("\t")) && last != null) {
                    fields.put(last, fields.get(last) + " " + raw.strip());
                    continue;
                }
                int c = raw.indexOf(':');
                if (c <= 0) continue;
                last = raw.substring(0, c).strip().toLowerCase(Locale.ROOT);
                fields.put(last, raw.substring(c + 1).strip());
            }
            if (!fields.containsKey("uris")) continue;
            boolean enabled = !"no".equalsIgnoreCase(fields.getOrDefault("enabled", "yes"));
            out.add(new Entry(words(fields.get("types")), words(fields.get("uris")), words(fields.get("suites")),
                    words(fields.get("components")), enabled));
        }
        return out;
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
    }

    private List<String> aptOptions() {
        return List.of(
                "-o", "Dir::Etc::SourceList=" + root.resolve("etc/sources.list"),
                "-o", "Dir::Etc::SourceParts=" + root.resolve("etc/sources.list.d"),
                "-o", "Dir::Etc::Preferences=" + root.resolve("etc/preferences"),
                "-o", "Dir::Etc::PreferencesParts=" + root.resolve("etc/preferences.d"),
                "-o", "Dir::State::Lists=" + root.resolve("lists"),
                "-o", "Dir::Cache=" + root.resolve("cache"),
                "-o", "APT::Sandbox::User=root",
                "-o", "Acquire::Retries=3");
    }

    /**
     * Downloads a source package (no unpacking) into {@code dest} and returns the files it fetched.
     * The index is refreshed on each call (about a second).
     */
    public List<Path> downloadSource(String pkg, Path dest, Path log) throws IOException {
        for (String d : List.of("etc/sources.list.d", "etc/preferences.d", "lists/partial", "cache/archives/partial")) {
            Files.createDirectories(root.resolve(d));
        }
        String signed = keyring == null ? "" : "[signed-by=" + keyring + "] ";
        Files.writeString(root.resolve("etc/sources.list"),
                "# private list written by ftmigrate; URI from the machine's apt sources\n"
                        + "deb-src " + signed + uri + " " + suite + " main\n");
        List<String> update = new ArrayList<>(List.of("apt-get", "-q"));
        update.addAll(aptOptions());
        update.add("update");
        Exec.Result r = Exec.logged(update, root, Map.of("LC_ALL", "C"), 600, log);
        if (!r.ok()) throw new EnvironmentUnavailable("apt-get update for " + suite + " sources from " + uri + " failed (log: " + log + ")");
        Files.createDirectories(dest);
        List<String> src = new ArrayList<>(List.of("apt-get", "-q", "-y"));
        src.addAll(aptOptions());
        src.addAll(List.of("source", "--download-only", pkg));
        r = Exec.logged(src, dest, Map.of("LC_ALL", "C"), 1200, log);
        if (!r.ok()) throw new EnvironmentUnavailable("apt-get source " + pkg + " failed (log: " + log + ")");
        try (Stream<Path> s = Files.list(dest)) {
            return s.sorted().toList();
        }
    }
}

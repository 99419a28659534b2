package dev.ftmigrate.cli.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A deterministic corpus of mutated C files: the sample extensions' sources run through one mutation
 * class each (deleted or duplicated spans, random bytes, token soup, splices, truncation, deep nesting,
 * exponential macros, includes of devices, FIFOs and huge headers, long expressions and lines...). The
 * same seed always gives the same bytes, so a failure names a case that can be regenerated.
 */
public final class FuzzCorpus {
    /** One generated input. */
    public record Case(int index, String mutation, String name, byte[] bytes) {}

    /** Mutation class and how many inputs of it. */
    static final Object[][] CLASSES = {
            {"delete-span", 50}, {"duplicate-span", 30}, {"random-bytes", 25}, {"swap-lines", 30}, {"truncate", 30},
            {"token-soup", 41}, {"splice", 25}, {"deep-nesting", 5}, {"macro-chain", 5}, {"macro-nest", 1},
            {"special-include", 12}, {"long-expression", 10}, {"line-endings", 20}, {"blank-lines", 10},
            {"long-line", 10}, {"unterminated", 16},
    };

    private static final String[] SOUP = {"{", "}", "(", ")", ";", "#if 1\n", "#endif\n", "#else\n", "/*", "*/", "\"", "'",
            "\\\n", "#define X(a) a a\n", "static ", "PyObject *", "Py_BEGIN_CRITICAL_SECTION(self);", "Py_END_CRITICAL_SECTION();",
            "goto error;", "return NULL;", "PyDict_GetItem(d, k)", "->ob_refcnt", "++", "#include \"x.h\"\n", "??/", "\u00e9", "\t"};

    private FuzzCorpus() {}

    /** The sample extensions' C sources, sorted (found above the working directory). */
    public static List<Path> samples() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("sample-extensions"))) root = root.getParent();
        try (Stream<Path> s = Files.walk(root.resolve("sample-extensions"))) {
            return s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
    }

    /**
     * @param seed     the generator's seed
     * @param samples  the C files to mutate (sorted)
     * @param specials paths the special-include class names: a FIFO, a huge header, a folder
     */
    public static List<Case> generate(long seed, List<Path> samples, Path fifo, Path hugeHeader, Path folder) throws IOException {
        List<String> texts = new ArrayList<>();
        for (Path p : samples) texts.add(Files.readString(p, StandardCharsets.UTF_8));
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Case> out = new ArrayList<>();
        for (Object[] c : CLASSES) {
            String kind = (String) c[0];
            for (int i = 0; i < (int) c[1]; i++) {
                String base = texts.get(rnd.nextInt(texts.size()));
                byte[] b = mutate(kind, base, texts.get(rnd.nextInt(texts.size())), rnd, fifo, hugeHeader, folder);
                int n = out.size();
                out.add(new Case(n, kind, String.format("f%03d_%s.c", n, kind), b));
            }
        }
        return out;
    }

    private static byte[] mutate(String kind, String s, String other, SplittableRandom r, Path fifo, Path huge, Path folder) {
        int len = s.length();
        int a = r.nextInt(len), b = Math.min(len, a + r.nextInt(1, 400));
        String t = switch (kind) {
            case "delete-span" -> s.substring(0, a) + s.substring(b);
            case "duplicate-span" -> s.substring(0, b) + s.substring(a, b) + s.substring(b);
            case "random-bytes" -> null;
            case "swap-lines" -> swapLines(s, r);
            case "truncate" -> s.substring(0, a);
            case "token-soup" -> {
                StringBuilder sb = new StringBuilder(s);
                for (int k = r.nextInt(1, 12); k > 0; k--) sb.insert(r.nextInt(sb.length() + 1), SOUP[r.nextInt(SOUP.length)]);
                yield sb.toString();
            }
            case "splice" -> s.substring(0, a) + other.substring(r.nextInt(other.length()));
            case "deep-nesting" -> s.substring(0, a) + "int deep = " + "(".repeat(300 + r.nextInt(3000)) + "1" + ")".repeat(300) + ";\n" + s.substring(a);
            case "macro-chain" -> {
                StringBuilder sb = new StringBuilder("#define M0 x x\n");
                int depth = 24 + r.nextInt(10);
                for (int k = 1; k <= depth; k++) sb.append("#define M").append(k).append(" M").append(k - 1).append(" M").append(k - 1).append('\n');
                yield sb + s + "\nint use_m(void) { M" + depth + "; return 0; }\n";
            }
            case "macro-nest" -> "#define F(x) x x\n" + s + "\nint nest(void) { return " + "F(".repeat(26) + "1" + ")".repeat(26) + "; }\n";
            case "special-include" -> {
                String[] targets = {"/dev/zero", "/dev/urandom", fifo.toString(), huge.toString(), folder.toString(), "/proc/self/fd/0", "/dev/stdin"};
                yield "#include \"" + targets[r.nextInt(targets.length)] + "\"\n" + s;
            }
            case "long-expression" -> s + "\nint chain(int a) { return " + String.join(" + ", java.util.Collections.nCopies(1000 + r.nextInt(2000), "a")) + "; }\n";
            case "line-endings" -> r.nextBoolean() ? s.replace("\n", "\r\n") : s.replace("\n", r.nextBoolean() ? "\r" : "\n\r");
            case "blank-lines" -> s.substring(0, a) + "\n".repeat(1000 + r.nextInt(4000)) + s.substring(a);
            case "long-line" -> s.substring(0, a) + "/* " + "x".repeat(50_000 + r.nextInt(150_000)) + " */" + s.substring(a);
            case "unterminated" -> s.substring(0, a) + new String[]{"/*", "\"", "'", "#if 0\n", "{", "#define Y \\\n"}[r.nextInt(6)] + s.substring(a);
            default -> throw new IllegalArgumentException(kind);
        };
        if (t != null) {
            byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
            if (kind.equals("line-endings") && r.nextInt(4) == 0) bytes = t.getBytes(StandardCharsets.ISO_8859_1); // Latin-1 é
            return bytes;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int k = r.nextInt(1, 20); k > 0; k--) bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
        return bytes;
    }

    private static String swapLines(String s, SplittableRandom r) {
        List<String> lines = new ArrayList<>(Stream.of(s.split("\n", -1)).toList());
        for (int k = r.nextInt(1, 8); k > 0; k--) java.util.Collections.swap(lines, r.nextInt(lines.size()), r.nextInt(lines.size()));
        return String.join("\n", lines);
    }
}

package dev.ftmigrate.patcher;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Git-style unified diffs that both {@code git apply} and {@code patch -p1} accept. A diff is
 * bytes, not a String: lines are copied exactly as they are in the file (CRLF, Latin-1 and all),
 * and only the headers are ASCII/UTF-8.
 */
public final class UnifiedDiff {
    public static final int CONTEXT = 3;
    private static final byte[] NO_NEWLINE = "\\ No newline at end of file\n".getBytes(StandardCharsets.US_ASCII);

    private UnifiedDiff() {}

    /** The diff of one change, or an empty array when its bytes did not change. */
    public static byte[] render(FileChange change) {
        return render(change.relPath(), change.oldBytes(), change.newBytes(), CONTEXT, change.created());
    }

    /** All changes, one after the other, in the order given. */
    public static byte[] render(List<FileChange> changes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (FileChange c : changes) out.writeBytes(render(c));
        return out.toByteArray();
    }

    /** The diff of {@code relPath} (a '/'-separated path relative to the project root). */
    public static byte[] render(String relPath, byte[] oldBytes, byte[] newBytes) {
        return render(relPath, oldBytes, newBytes, CONTEXT);
    }

    public static byte[] render(String relPath, byte[] oldBytes, byte[] newBytes, int context) {
        return render(relPath, oldBytes, newBytes, context, false);
    }

    /** @param created the file does not exist before the change: git's "new file" form, from /dev/null */
    public static byte[] render(String relPath, byte[] oldBytes, byte[] newBytes, int context, boolean created) {
        List<byte[]> a = LineDiff.lines(oldBytes), b = LineDiff.lines(newBytes);
        List<LineDiff.Op> ops = LineDiff.diff(a, b);
        if (ops.stream().allMatch(o -> o.tag() == LineDiff.Tag.KEEP)) return new byte[0];

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String p = relPath.replace('\\', '/');
        String oldName = quote("a/" + p), newName = quote("b/" + p);
        // Git adds a tab after a name with a space so that GNU patch reads the whole name.
        String tab = p.indexOf(' ') >= 0 ? "\t" : "";
        ascii(out, "diff --git " + oldName + " " + newName + "\n");
        if (created) {
            ascii(out, "new file mode 100644\n");
            ascii(out, "index 0000000.." + blobId(newBytes).substring(0, 7) + "\n");
            ascii(out, "--- /dev/null\n");
        } else {
            // Blob ids let `git apply --3way` and `git am -3` fall back to a merge.
            ascii(out, "index " + blobId(oldBytes) + ".." + blobId(newBytes) + "\n");
            ascii(out, "--- " + oldName + tab + "\n");
        }
        ascii(out, "+++ " + newName + tab + "\n");

        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i).tag() == LineDiff.Tag.KEEP) { i++; continue; }
            int start = Math.max(0, i - context);
            int end = i; // exclusive end of the last change so far
            int j = i;
            while (j < ops.size()) {
                if (ops.get(j).tag() != LineDiff.Tag.KEEP) { end = j + 1; j++; continue; }
                int k = j;
                while (k < ops.size() && ops.get(k).tag() == LineDiff.Tag.KEEP) k++;
                // Merge with the next change when the gap between them is at most 2 * context.
                if (k < ops.size() && k - j <= 2 * context) { j = k; continue; }
                break;
            }
            int stop = Math.min(ops.size(), end + context);
            hunk(out, ops.subList(start, stop), a, b, firstOld(ops, start), firstNew(ops, start));
            i = stop;
        }
        return out.toByteArray();
    }

    private static void hunk(ByteArrayOutputStream out, List<LineDiff.Op> ops, List<byte[]> a, List<byte[]> b,
                             int oldPos, int newPos) {
        int oldCount = 0, newCount = 0;
        for (LineDiff.Op o : ops) {
            if (o.tag() != LineDiff.Tag.INSERT) oldCount++;
            if (o.tag() != LineDiff.Tag.DELETE) newCount++;
        }
        // An empty range is named by the line before it (0 at the top of the file).
        ascii(out, "@@ -" + range(oldPos, oldCount) + " +" + range(newPos, newCount) + " @@\n");
        for (LineDiff.Op o : ops) {
            byte[] line = o.tag() == LineDiff.Tag.INSERT ? b.get(o.newIndex()) : a.get(o.oldIndex());
            out.write(o.tag() == LineDiff.Tag.KEEP ? ' ' : o.tag() == LineDiff.Tag.DELETE ? '-' : '+');
            out.writeBytes(line);
            if (line.length == 0 || line[line.length - 1] != '\n') {
                out.write('\n');
                out.writeBytes(NO_NEWLINE);
            }
        }
    }

    private static String range(int pos, int count) {
        return (count == 0 ? pos : pos + 1) + "," + count;
    }

    /** Number of old lines before op {@code at}. */
    private static int firstOld(List<LineDiff.Op> ops, int at) {
        int n = 0;
        for (int i = 0; i < at; i++) if (ops.get(i).tag() != LineDiff.Tag.INSERT) n++;
        return n;
    }

    private static int firstNew(List<LineDiff.Op> ops, int at) {
        int n = 0;
        for (int i = 0; i < at; i++) if (ops.get(i).tag() != LineDiff.Tag.DELETE) n++;
        return n;
    }

    /** Git's C-style quoting for names with '"', '\\', control or non-ASCII bytes. */
    static String quote(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        boolean needs = false;
        for (byte x : bytes) if (x < 0x20 || x == '"' || x == '\\' || x == 0x7f || x < 0) needs = true;
        if (!needs) return name;
        StringBuilder s = new StringBuilder("\"");
        for (byte x : bytes) {
            int c = x & 0xff;
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\t' -> s.append("\\t");
                case '\n' -> s.append("\\n");
                default -> {
                    if (c < 0x20 || c >= 0x7f) s.append(String.format("\\%03o", c));
                    else s.append((char) c);
                }
            }
        }
        return s.append('"').toString();
    }

    /** Git's blob id: sha1 of "blob LEN\0" + bytes. */
    static String blobId(byte[] bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}

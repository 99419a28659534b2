package dev.ftmigrate.patcher;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Line-level diff of two byte arrays (Myers' O(ND) algorithm). Lines keep their terminators, so
 * "x\r\n", "x\n" and a final "x" with no newline are three different lines, as for git.
 */
final class LineDiff {
    /** Above this many differences the middle is reported as one block; patches are small. */
    private static final int MAX_D = 2000;

    enum Tag { KEEP, DELETE, INSERT }

    /** One line of the script: its tag and its index in the old (KEEP, DELETE) or new (INSERT) lines. */
    record Op(Tag tag, int oldIndex, int newIndex) {}

    private LineDiff() {}

    /** Splits after each '\n'; a last line with no '\n' is kept as is. */
    static List<byte[]> lines(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') { out.add(Arrays.copyOfRange(b, start, i + 1)); start = i + 1; }
        }
        if (start < b.length) out.add(Arrays.copyOfRange(b, start, b.length));
        return out;
    }

    /** The edit script turning {@code a} into {@code b}; deletions come before insertions in a block. */
    static List<Op> diff(List<byte[]> a, List<byte[]> b) {
        Map<ByteBuffer, Integer> ids = new HashMap<>();
        int[] x = intern(a, ids), y = intern(b, ids);
        int pre = 0;
        while (pre < x.length && pre < y.length && x[pre] == y[pre]) pre++;
        int suf = 0;
        while (suf < x.length - pre && suf < y.length - pre && x[x.length - 1 - suf] == y[y.length - 1 - suf]) suf++;
        int[] xm = Arrays.copyOfRange(x, pre, x.length - suf), ym = Arrays.copyOfRange(y, pre, y.length - suf);
        boolean[] keptA = new boolean[xm.length], keptB = new boolean[ym.length];
        myers(xm, ym, keptA, keptB);

        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < pre; i++) ops.add(new Op(Tag.KEEP, i, i));
        int i = 0, j = 0;
        while (i < xm.length || j < ym.length) {
            while (i < xm.length && !keptA[i]) { ops.add(new Op(Tag.DELETE, pre + i, -1)); i++; }
            while (j < ym.length && !keptB[j]) { ops.add(new Op(Tag.INSERT, -1, pre + j)); j++; }
            if (i < xm.length && j < ym.length) { ops.add(new Op(Tag.KEEP, pre + i, pre + j)); i++; j++; }
        }
        for (int k = 0; k < suf; k++) ops.add(new Op(Tag.KEEP, x.length - suf + k, y.length - suf + k));
        return ops;
    }

    private static int[] intern(List<byte[]> lines, Map<ByteBuffer, Integer> ids) {
        int[] out = new int[lines.size()];
        for (int i = 0; i < out.length; i++) out[i] = ids.computeIfAbsent(ByteBuffer.wrap(lines.get(i)), k -> ids.size());
        return out;
    }

    /** Marks the lines of a longest common subsequence; leaves all unmarked if D exceeds MAX_D. */
    private static void myers(int[] a, int[] b, boolean[] keptA, boolean[] keptB) {
        int n = a.length, m = b.length, max = Math.min(n + m, MAX_D);
        if (n == 0 || m == 0) return;
        int off = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= max; d++) {
            trace.add(Arrays.copyOfRange(v, off - d - 1, off + d + 2)); // v[k] for k in [-d-1, d+1]
            for (int k = -d; k <= d; k += 2) {
                int xx = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
                int yy = xx - k;
                while (xx < n && yy < m && a[xx] == b[yy]) { xx++; yy++; }
                v[off + k] = xx;
                if (xx >= n && yy >= m) { backtrack(trace, d, n, m, keptA, keptB); return; }
            }
        }
        // Too different: no common lines reported, the block becomes delete-all + insert-all.
    }

    private static void backtrack(List<int[]> trace, int dEnd, int n, int m, boolean[] keptA, boolean[] keptB) {
        int x = n, y = m;
        for (int d = dEnd; d > 0; d--) {
            int[] vd = trace.get(d); // values after step d-1, index k + d + 1
            int k = x - y;
            int base = d + 1;
            boolean down = k == -d || (k != d && vd[base + k - 1] < vd[base + k + 1]);
            int pk = down ? k + 1 : k - 1;
            int px = vd[base + pk], py = px - pk;
            int sx = down ? px : px + 1; // where the snake of step d starts
            while (x > sx) { x--; y--; keptA[x] = true; keptB[y] = true; }
            x = px; y = py;
        }
        while (x > 0 && y > 0) { x--; y--; keptA[x] = true; keptB[y] = true; }
    }
}

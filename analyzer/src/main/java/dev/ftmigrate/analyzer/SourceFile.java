package dev.ftmigrate.analyzer;

import java.nio.charset.Charset;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One source file exactly as read: the decoded text every offset refers to, the charset it was
 * decoded with, and the hash of its bytes (the patcher refuses to write when the hash changed).
 */
public final class SourceFile {
    private final Path path;
    private final String relPath;
    private final String text;
    private final Charset charset;
    private final boolean bom;
    /** Computed when first asked (the patcher's check; a scan never asks). */
    private volatile String sha256;
    private final String fingerprint;
    private volatile int[] lineStarts;
    /** Facts of the text worked out once for the file (a fix's indentation unit, its brace style): each of its fixes asks. */
    private final java.util.Map<Object, Object> derived = new java.util.concurrent.ConcurrentHashMap<>();

    private SourceFile(Path path, String relPath, String text, Charset charset, boolean bom, byte[] bytes) {
        this.path = path;
        this.relPath = relPath;
        this.text = text;
        this.charset = charset;
        this.bom = bom;
        this.fingerprint = fingerprint(bytes);
    }

    /** {@code compute} of this file's text, worked out on the first call for {@code key} and kept with the file. */
    @SuppressWarnings("unchecked")
    public <T> T derived(Object key, java.util.function.Function<String, T> compute) {
        return (T) derived.computeIfAbsent(key, k -> compute.apply(text));
    }

    /** Reads a file as UTF-8 (BOM kept aside), falling back to Latin-1, which decodes any byte. */
    public static SourceFile read(Path path, String relPath) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        return of(path, relPath, bytes);
    }

    public static SourceFile of(Path path, String relPath, byte[] bytes) {
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF;
        byte[] body = bom ? Arrays.copyOfRange(bytes, 3, bytes.length) : bytes;
        Charset cs = StandardCharsets.UTF_8;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            cs = StandardCharsets.ISO_8859_1;
            text = new String(body, cs);
        }
        return new SourceFile(path, relPath, text, cs, bom, bytes);
    }

    /** For tests and in-memory sources. */
    public static SourceFile ofText(String relPath, String text) {
        return of(Path.of(relPath), relPath, text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fast fingerprint of the bytes: their length and two CRCs of different polynomials (both
     * hardware-assisted, where SHA-256 costs a repeat scan of CPython a third of a second in the
     * short-lived JVM). What the scan cache keys a file's text on: an edit that keeps the length and
     * both CRCs is a 2^-64 accident, the risk a cache keyed on modification times (ruff's) takes far more.
     */
    public static String fingerprint(byte[] bytes) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(bytes);
        java.util.zip.CRC32 d = new java.util.zip.CRC32();
        d.update(bytes);
        return bytes.length + "-" + Long.toHexString(c.getValue()) + "-" + Long.toHexString(d.getValue());
    }

    /** Encodes text back the way this file was read (same charset, same BOM). */
    public byte[] encode(String newText) {
        byte[] body = newText.getBytes(charset);
        if (!bom) return body;
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF; out[1] = (byte) 0xBB; out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    private int[] lineStarts() {
        int[] s = lineStarts;
        if (s == null) lineStarts = s = computeLineStarts(text);
        return s;
    }

    private static int[] computeLineStarts(String text) {
        int[] starts = new int[Math.max(16, text.length() / 32)];
        int n = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (n == starts.length) starts = Arrays.copyOf(starts, n * 2);
            starts[n++] = i + 1;
        }
        return Arrays.copyOf(starts, n);
    }

    /** 1-based line of a char offset. */
    public int line(int offset) {
        int i = Arrays.binarySearch(lineStarts(), offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** 1-based column (in chars) of a char offset. */
    public int column(int offset) {
        return offset - lineStarts()[line(offset) - 1] + 1;
    }

    public int lineStart(int line) { return lineStarts()[line - 1]; }

    public int lineCount() { return lineStarts().length; }

    /** The text of a 1-based line without its line terminator. */
    public String lineText(int line) {
        int[] starts = lineStarts();
        int s = starts[line - 1];
        int e = line < starts.length ? starts[line] : text.length();
        while (e > s && (text.charAt(e - 1) == '\n' || text.charAt(e - 1) == '\r')) e--;
        return text.substring(s, e);
    }

    public Path path() { return path; }
    public String relPath() { return relPath; }
    public String text() { return text; }
    public Charset charset() { return charset; }
    public boolean hasBom() { return bom; }
    /** SHA-256 of the bytes as read: what the patcher checks the file against before writing it. */
    public String sha256() {
        // The text decodes strictly (UTF-8, else Latin-1), so encoding it back gives the bytes read, exactly.
        String s = sha256;
        if (s == null) sha256 = s = sha256(encode(text));
        return s;
    }

    /** The cache's key of the text ({@link #fingerprint(byte[])}). */
    public String fingerprint() { return fingerprint; }
}

package dev.ftmigrate.reports;

import java.nio.charset.StandardCharsets;

/** Paths to URI references: '/' separated, percent-encoded per RFC 3986, relative unless already absolute. */
final class Uris {
    private Uris() {}

    static String relative(String path) {
        String p = path.replace('\\', '/');
        boolean windowsAbs = p.matches("^[A-Za-z]:/.*");
        if (p.startsWith("/") || windowsAbs) {
            // Absolute input path: keep it honest as a file URI rather than pretend it is relative.
            return windowsAbs ? "file:///" + p.substring(0, 2) + encode(p.substring(2)) : "file://" + encode(p);
        }
        while (p.startsWith("./")) p = p.substring(2);
        return encode(p);
    }

    static boolean isAbsolute(String uri) {
        return uri.startsWith("file:");
    }

    // ':' is always encoded, so a relative path like "a:b.c" cannot be read as a URI scheme.
    private static String encode(String p) {
        StringBuilder sb = new StringBuilder();
        for (byte b : p.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/!$&'()*+,;=@".indexOf(c) >= 0)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }
}

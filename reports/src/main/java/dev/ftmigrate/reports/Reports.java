package dev.ftmigrate.reports;

import dev.ftmigrate.rules.ScanResult;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** The one entry point the CLI calls: pick a format by name and render. */
public final class Reports {
    /** Format names accepted by {@link #render}, in the order the CLI should list them. */
    public static final List<String> FORMATS = List.of("text", "json", "sarif", "markdown");

    private Reports() {}

    /** Formats whose findings carry planned fixes (so a scan in them runs the fix stage); text and Markdown show the rule's hint. */
    public static boolean carriesFixes(String format) {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        return f.equals("json") || f.equals("sarif");
    }

    /**
     * Renders {@code result} as {@code format} (text, json, sarif or markdown; case-insensitive).
     *
     * @throws IllegalArgumentException for any other format name
     */
    public static String render(String format, ScanResult result, ReportOptions options) {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "text" -> TextReport.render(result, options);
            case "json" -> JsonReport.render(result, options);
            case "sarif" -> SarifReport.render(result, options);
            case "markdown" -> MarkdownReport.render(result, options);
            default -> throw new IllegalArgumentException("unknown report format '" + format
                    + "'; expected one of: " + String.join(", ", FORMATS));
        };
    }

    /**
     * {@link #render} as UTF-8 bytes: JSON and SARIF are written as bytes directly (their encoding is
     * UTF-8 by their specs), which for a large scan is most of the time rendering took.
     */
    public static byte[] renderBytes(String format, ScanResult result, ReportOptions options) {
        var out = new java.io.ByteArrayOutputStream(1 << 16);
        try {
            write(format, result, options, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@link #renderBytes} written to {@code out} (left open) as it is made: JSON and SARIF are never whole in memory. */
    public static void write(String format, ScanResult result, ReportOptions options, java.io.OutputStream out) throws java.io.IOException {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        switch (f) {
            case "json" -> JsonReport.write(result, options, out);
            case "sarif" -> SarifReport.write(result, options, out);
            default -> out.write(render(format, result, options).getBytes(StandardCharsets.UTF_8));
        }
    }

    public static String render(String format, ScanResult result) {
        return render(format, result, ReportOptions.defaults());
    }

    /** The conventional file extension for a format, e.g. "sarif" for sarif (for --output defaults). */
    public static String fileExtension(String format) {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "text" -> "txt";
            case "json" -> "json";
            case "sarif" -> "sarif";
            case "markdown" -> "md";
            default -> throw new IllegalArgumentException("unknown report format '" + format
                    + "'; expected one of: " + String.join(", ", FORMATS));
        };
    }
}

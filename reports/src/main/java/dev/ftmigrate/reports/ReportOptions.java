package dev.ftmigrate.reports;

import java.net.URI;
import java.util.Objects;
import java.util.function.Function;

/**
 * How to render a report. Immutable; start from {@link #defaults()} and use the withers.
 *
 * @param toolVersion         version written into SARIF/JSON (kept explicit so output is reproducible)
 * @param informationUri      the tool's home page, for SARIF {@code tool.driver.informationUri}
 * @param srcRoot             absolute base for {@code %SRCROOT%} (must end with '/'), or null: then no
 *                            absolute path appears anywhere in the output
 * @param color               ANSI colours in the text report (off by default: logs and CI)
 * @param sources             relPath -> full scanned text, or null when unknown; lets the text report
 *                            show the exact source line under a finding (Finding.snippet is trimmed)
 * @param collapseThreshold   Markdown: a file with more findings than this goes into a {@code <details>}
 * @param executionSuccessful SARIF {@code invocations[0].executionSuccessful}
 */
public record ReportOptions(String toolVersion, String informationUri, URI srcRoot, boolean color,
                            Function<String, String> sources, int collapseThreshold,
                            boolean executionSuccessful) {

    public static final String DEFAULT_VERSION = "0.1.0";
    public static final String DEFAULT_INFORMATION_URI = "https://ftmigrate.dev/";

    public ReportOptions {
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(informationUri, "informationUri");
        if (srcRoot != null && (!srcRoot.isAbsolute() || !srcRoot.toString().endsWith("/"))) {
            throw new IllegalArgumentException("srcRoot must be an absolute URI ending with '/': " + srcRoot);
        }
        if (collapseThreshold < 1) throw new IllegalArgumentException("collapseThreshold must be >= 1");
    }

    public static ReportOptions defaults() {
        return new ReportOptions(DEFAULT_VERSION, DEFAULT_INFORMATION_URI, null, false, null, 10, true);
    }

    public ReportOptions withToolVersion(String v) {
        return new ReportOptions(v, informationUri, srcRoot, color, sources, collapseThreshold, executionSuccessful);
    }

    public ReportOptions withInformationUri(String u) {
        return new ReportOptions(toolVersion, u, srcRoot, color, sources, collapseThreshold, executionSuccessful);
    }

    public ReportOptions withSrcRoot(URI root) {
        return new ReportOptions(toolVersion, informationUri, root, color, sources, collapseThreshold, executionSuccessful);
    }

    public ReportOptions withColor(boolean on) {
        return new ReportOptions(toolVersion, informationUri, srcRoot, on, sources, collapseThreshold, executionSuccessful);
    }

    public ReportOptions withSources(Function<String, String> s) {
        return new ReportOptions(toolVersion, informationUri, srcRoot, color, s, collapseThreshold, executionSuccessful);
    }

    public ReportOptions withCollapseThreshold(int n) {
        return new ReportOptions(toolVersion, informationUri, srcRoot, color, sources, n, executionSuccessful);
    }

    public ReportOptions withExecutionSuccessful(boolean ok) {
        return new ReportOptions(toolVersion, informationUri, srcRoot, color, sources, collapseThreshold, ok);
    }

    /** The scanned text of a file, or null when no source lookup was given or it does not know the file. */
    String sourceOf(String relPath) {
        return sources == null ? null : sources.apply(relPath);
    }
}

package dev.ftmigrate.check;

import dev.ftmigrate.check.CheckReport.Measure;
import dev.ftmigrate.check.CheckReport.ScalingRow;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** An inline SVG line plot of throughput against threads, free-threaded vs GIL, medians with min–max bars. */
final class ScalingSvg {
    private static final int W = 560, H = 300, L = 70, R = 150, T = 20, B = 40;

    private ScalingSvg() {}

    static String render(CheckReport.Performance p) {
        List<ScalingRow> rows = p.scaling();
        double max = 1;
        for (ScalingRow r : rows) max = Math.max(max, Math.max(r.freeThreaded().max(), r.gil().max()));
        int n = Math.max(rows.size(), 2);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg id=\"scaling-plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"throughput by thread count\">\n", W, H, W, H));
        sb.append("<title>Calls per second by threads: ").append(Html.esc(p.freeThreaded())).append(" vs ")
                .append(Html.esc(p.gil() == null ? "GIL" : p.gil())).append("</title>\n");
        int x0 = L, x1 = W - R, y0 = H - B, y1 = T;
        sb.append(line(x0, y0, x1, y0, "#333")).append(line(x0, y0, x0, y1, "#333"));
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            int y = (int) Math.round(y0 - (y0 - y1) * i / 4.0);
            sb.append(line(x0 - 4, y, x1, y, "#ddd"));
            sb.append(text(x0 - 8, y + 4, "end", String.format(Locale.ROOT, "%,.0f", v)));
        }
        final double top = max;
        Function<Integer, Double> xs = t -> x0 + (x1 - x0) * (t - 1) / (double) (n - 1);
        Function<Double, Double> ys = v -> y0 - (y0 - y1) * v / top;
        for (ScalingRow r : rows) sb.append(text(xs.apply(r.threads()), y0 + 18, "middle", Integer.toString(r.threads())));
        sb.append(text((x0 + x1) / 2.0, H - 4, "middle", "threads"));
        series(sb, rows, ScalingRow::freeThreaded, xs, ys, "#1565c0", "ft");
        series(sb, rows, ScalingRow::gil, xs, ys, "#c62828", "gil");
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#1565c0\"/>", x1 + 12, y1 + 6));
        sb.append(text(x1 + 30, y1 + 16, "start", p.freeThreaded() + " (no GIL)"));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#c62828\"/>", x1 + 12, y1 + 26));
        sb.append(text(x1 + 30, y1 + 36, "start", (p.gil() == null ? "GIL" : p.gil()) + " (GIL)"));
        sb.append(text(x1 + 12, y1 + 60, "start", "calls/s, median;"));
        sb.append(text(x1 + 12, y1 + 74, "start", "bars: min–max"));
        return sb.append("</svg>\n").toString();
    }

    private static void series(StringBuilder sb, List<ScalingRow> rows, Function<ScalingRow, Measure> get,
                               Function<Integer, Double> xs, Function<Double, Double> ys, String color, String cls) {
        StringBuilder pts = new StringBuilder();
        for (ScalingRow r : rows) {
            Measure m = get.apply(r);
            if (m.runs() == 0) continue;
            double x = xs.apply(r.threads());
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, ys.apply(m.median())));
            sb.append(String.format(Locale.ROOT, "<line class=\"bar-%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
                    cls, x, ys.apply(m.min()), x, ys.apply(m.max()), color));
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>", x, ys.apply(m.median()), color));
        }
        if (pts.length() > 0) {
            sb.append(String.format(Locale.ROOT, "<polyline class=\"series-%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>\n",
                    cls, color, pts.toString().strip()));
        }
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", x1, y1, x2, y2, color);
    }

    private static String text(double x, double y, String anchor, String s) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"11\">%s</text>", x, y, anchor, Html.esc(s));
    }
}

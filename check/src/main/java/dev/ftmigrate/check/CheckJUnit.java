package dev.ftmigrate.check;

import dev.ftmigrate.runtime.TestRun;

import java.util.Locale;

/**
 * JUnit XML for CI test tabs: one {@code testsuite} per test run (build × interpreter × threads), each pytest case a
 * {@code testcase}; a run that crashed or timed out is one failing case; each workload a suite of repetitions.
 */
public final class CheckJUnit {
    private CheckJUnit() {}

    public static String render(CheckReport r) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ftmigrate check\">\n");
        for (TestRun t : r.tests()) {
            long fails = t.failed() + (t.completed() ? 0 : 1);
            sb.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" skipped=\"%d\" time=\"%.3f\">\n",
                    Html.esc(t.label()), t.cases().size() + (t.completed() ? 0 : 1), fails, t.skipped(), t.seconds()));
            for (TestRun.Case c : t.cases()) {
                int sep = c.id().lastIndexOf("::");
                String cls = sep < 0 ? t.label() : c.id().substring(0, sep);
                String name = sep < 0 ? c.id() : c.id().substring(sep + 2);
                sb.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"", Html.esc(cls), Html.esc(name), c.seconds()));
                if (c.failed()) {
                    sb.append("><failure message=\"").append(Html.esc(CheckMarkdown.first(c.message()))).append("\">")
                            .append(Html.esc(c.detail() == null ? "" : c.detail())).append("</failure></testcase>\n");
                } else if (c.outcome().equals("skipped")) {
                    sb.append("><skipped/></testcase>\n");
                } else {
                    sb.append("/>\n");
                }
            }
            if (!t.completed()) {
                sb.append("    <testcase classname=\"ftmigrate\" name=\"run\" time=\"0\"><failure message=\"")
                        .append(Html.esc(t.status())).append("\">").append(Html.esc(t.message())).append("</failure></testcase>\n");
            }
            sb.append("  </testsuite>\n");
        }
        for (var w : r.workloads()) {
            sb.append(String.format(Locale.ROOT, "  <testsuite name=\"workload %s %s %s\" tests=\"%d\" failures=\"%d\">\n",
                    Html.esc(CheckMarkdown.name(w.workload())), Html.esc(w.variant()), Html.esc(w.interpreter()), w.repetitions(),
                    w.repetitions() - w.passed()));
            sb.append("    <testcase classname=\"workload\" name=\"").append(Html.esc(CheckMarkdown.name(w.workload()))).append("\"");
            if (w.passed() < w.repetitions()) sb.append("><failure message=\"").append(Html.esc(CheckMarkdown.first(w.firstFailure()))).append("\"/></testcase>\n");
            else sb.append("/>\n");
            sb.append("  </testsuite>\n");
        }
        return sb.append("</testsuites>\n").toString();
    }
}

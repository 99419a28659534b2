package dev.ftmigrate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** `bench --growth`: what the linear-growth table counts (not how fast: times are for the figures, not for tests). */
class BenchCommandTest {
    @TempDir
    Path dir;

    private record Row(int units, int findings, long reportPerUnit) {}

    private List<Row> growthTable() {
        CliRun r = CliRun.of("bench", dir.toString(), "--growth", "--units", "10", "--repeat", "1", "--warmup", "0");
        assertEquals(0, r.exit(), r.err());
        List<Row> rows = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            String[] c = line.trim().split("\\s+");
            if (c.length == 10 && c[0].matches("\\d+x")) rows.add(new Row(Integer.parseInt(c[1]), Integer.parseInt(c[3]), Long.parseLong(c[8])));
        }
        assertEquals(3, rows.size(), r.out());
        return rows;
    }

    @Test
    void findingsAndReportGrowLinearlyWithTheUnits() {
        List<Row> rows = growthTable();
        Row one = rows.get(0), four = rows.get(1);
        // Every unit brings the same findings; the module's own (its missing Py_mod_gil, the function that
        // grows with the units, which is reported once per variable) are as many at every scale.
        int perUnit = (four.findings() - one.findings()) / (four.units() - one.units());
        int fixed = one.findings() - perUnit * one.units();
        assertTrue(perUnit > 0 && fixed >= 0, rows.toString());
        for (Row row : rows) {
            assertEquals(perUnit * row.units() + fixed, row.findings(), rows.toString());
            // The report, fixes included: a description naming a whole lock group (every unit's static locals
            // share one, as f2c's do) on every finding of it grew the bytes per unit with the number of units.
            assertTrue(row.reportPerUnit() <= one.reportPerUnit() * 1.05, rows.toString());
        }
    }
}

package dev.ftmigrate.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaulthandlerDumpTest {
    private static String thread(String id, String file, int frames) {
        StringBuilder b = new StringBuilder("Thread " + id + " (most recent call first):\n");
        for (int i = 0; i < frames; i++) b.append("  File \"").append(file).append("\", line ").append(i + 1).append(" in f\n");
        return b.append('\n').toString();
    }

    @Test
    void crashingThreadComesFirstAndSurvivesTheCut() {
        StringBuilder err = new StringBuilder("some earlier output\nFatal Python error: Segmentation fault\n\n");
        for (int t = 0; t < 10; t++) err.append(thread("0x" + t, "threading.py", 12));
        err.append(thread("0xC", "test_mod.py", 3).replace("Thread 0xC", "Current thread 0xC"));
        err.append(thread("0xM", "main.py", 5)).append("Extension modules: faulty (total: 1)\n");

        String dump = StressRunner.faulthandlerDump(err.toString());
        String[] lines = dump.split("\n");
        assertEquals("Fatal Python error: Segmentation fault", lines[0]);
        assertEquals("Current thread 0xC (most recent call first):", lines[2]);
        assertTrue(lines[3].contains("test_mod.py"), dump);
        assertEquals(80, lines.length, "cut to 80 lines");
        assertTrue(dump.contains("Thread 0x0 (most recent call first):"), "the other threads follow");
    }

    @Test
    void aDumpOfTheCurrentThreadOnlyIsKeptAsItIs() {
        String err = "Fatal Python error: Segmentation fault\n\nStack (most recent call first):\n"
                + "  File \"w.py\", line 3 in run\n\nExtension modules: faulty (total: 1)";
        assertEquals(err, StressRunner.faulthandlerDump("noise\n" + err));
    }
}

package dev.ftmigrate.check;

import dev.ftmigrate.check.CheckReport.FindingRef;
import dev.ftmigrate.check.CheckReport.Link;
import dev.ftmigrate.runtime.TsanReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LinkerTest {
    static FindingRef f(String id, String rule, String path, String function, String subject, String... entries) {
        return new FindingRef(id, rule, "error", path, 10, function, subject, "m", null, List.of(entries), null);
    }

    static final List<FindingRef> FINDINGS = List.of(
            f("F1", "FT401", "src/counter.c", "record", "hits", "record"),
            f("F2", "FT404", "src/obj.c", "Obj_push", "items", "push"),
            f("F3", "FT401", "src/other.c", "record", "hits"));

    @Test
    void aRaceOnAGlobalLinksToTheFindingsOnThatVariable() {
        TsanReport r = new TsanReport("data race", true, "counter.c:34", "record",
                List.of(new TsanReport.Access("Write of size 8 by thread T2", "counter.c:34 in record", List.of("counter.c:34 in record"))),
                "Location is global 'hits' of size 8 at 0x7f00 (counter.so+0x4010)");
        List<Link> links = new Linker(FINDINGS).race(r);
        assertEquals(List.of("F1", "F3"), links.stream().map(Link::finding).toList());
        assertTrue(links.get(0).reason().contains("same variable `hits`"));
    }

    @Test
    void aRaceOnTheHeapLinksByFunctionAndFileOnly() {
        TsanReport r = new TsanReport("data race", true, "obj.c:88", "list_grow",
                List.of(new TsanReport.Access("Read of size 8 by thread T1", "obj.c:88 in list_grow",
                        List.of("obj.c:88 in list_grow", "obj.c:120 in Obj_push", "ceval.c:10 in _PyEval"))),
                "Location is heap block of size 64 at 0x7b00 allocated by thread T1:");
        List<Link> links = new Linker(FINDINGS).race(r);
        assertEquals(List.of("F2"), links.stream().map(Link::finding).toList(), "Obj_push in obj.c, not record anywhere");
        assertEquals("same function Obj_push() in obj.c", links.get(0).reason());
    }

    @Test
    void aRaceNoFindingCoversIsMissed() {
        TsanReport r = new TsanReport("data race", true, "obj.c:5", "helper",
                List.of(new TsanReport.Access("Write of size 4 by thread T1", "obj.c:5 in helper", List.of("obj.c:5 in helper"))), null);
        assertTrue(new Linker(FINDINGS).race(r).isEmpty());
    }

    @Test
    void aThreadedFailureLinksThroughThePythonMethodsItCalls() {
        String traceback = "def test_push():\n    o = mod.Obj()\n>   o.push(1)\nE   AssertionError";
        assertEquals(List.of("F2"), new Linker(FINDINGS).calls(traceback).stream().map(Link::finding).toList());
        assertTrue(new Linker(FINDINGS).calls("x = len(y)").isEmpty());
        assertTrue(new Linker(FINDINGS).calls(null).isEmpty());
    }

    @Test
    void workloadLinksUseItsRunFunctionOnly() {
        String w = "def setup(module):\n    module.reset()\n\ndef run(module, state, t, i):\n    module.record(1)\n\ndef verify(m, s, t, i):\n    m.stats()\n";
        assertEquals("def run(module, state, t, i):\n    module.record(1)\n", Checker.runBody(w));
    }

    @Test
    void measuresAreMediansWithTheirSpread() {
        var m = Perf.measure(List.of(new double[]{300, 10}, new double[]{100, 30}, new double[]{200, -1}), 0);
        assertEquals(200, m.median());
        assertEquals(100, m.min());
        assertEquals(300, m.max());
        assertEquals(3, m.runs());
        var n = Perf.measure(List.of(new double[]{300, 10}, new double[]{100, 30}, new double[]{200, -1}), 1);
        assertEquals(20, n.median(), "failed points (-1) are left out; even count: mean of the middle two");
        assertEquals(0, Perf.measure(List.of(), 0).runs());
    }
}

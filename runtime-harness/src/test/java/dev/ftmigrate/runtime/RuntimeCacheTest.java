package dev.ftmigrate.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeCacheTest {
    @TempDir Path root;

    @Test
    void aSecondProvisioningWaitsForTheLock() throws Exception {
        RuntimeCache cache = new RuntimeCache(root);
        CountDownLatch held = new CountDownLatch(1);
        AtomicLong acquiredAt = new AtomicLong();
        long releasedAt;
        try (RuntimeCache.Lock l = cache.lock("runtime-ft", Progress.SILENT)) {
            Thread t = new Thread(() -> {
                held.countDown();
                try (RuntimeCache.Lock l2 = cache.lock("runtime-ft", Progress.SILENT)) {
                    acquiredAt.set(System.nanoTime());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            held.await(5, TimeUnit.SECONDS);
            Thread.sleep(300);
            assertEquals(0, acquiredAt.get(), "the second taker must wait");
            releasedAt = System.nanoTime();
            l.close();
            t.join(5000);
        }
        assertTrue(acquiredAt.get() >= releasedAt, "acquired only after release");
        assertTrue(Files.exists(root.resolve("runtime-ft.lock")));
    }

    @Test
    void aPrefixWithoutTheCompletionMarkerIsNotARuntime() throws Exception {
        Path d = root.resolve("cpython-3.13.5-ft");
        Files.createDirectories(d.resolve("bin"));
        Files.writeString(d.resolve("build.json"), "{\"version\":\"3.13.5\",\"tsan\":false,\"python\":\"bin/python3.13t\"}");
        RuntimeCache cache = new RuntimeCache(root);
        assertTrue(cache.list().isEmpty());
        Files.writeString(d.resolve(RuntimeCache.COMPLETE), "done\n");
        assertEquals(1, cache.list().size());
        assertNull(cache.find(false), "no executable interpreter in it yet");
    }
}

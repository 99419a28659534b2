package dev.ftmigrate.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The Python driver shipped as a resource, copied once per JVM to a temp file. */
final class DriverScript {
    private static Path cached;

    private DriverScript() {}

    static synchronized Path path() throws IOException {
        if (cached != null && Files.exists(cached)) return cached;
        Path dir = TempDirs.create("driver");
        Path p = dir.resolve("ftmigrate_driver.py");
        try (InputStream in = DriverScript.class.getResourceAsStream("driver.py")) {
            if (in == null) throw new IOException("driver.py resource missing");
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        cached = p;
        return p;
    }
}

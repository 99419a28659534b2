package dev.ftmigrate.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The suppressions file a TSan run uses: the runtime's own (CPython's list, copied when the runtime was built,
 * or found beside a --python interpreter) followed by ftmigrate's few additions. TSan takes one file, so the two
 * are joined into one, written once per content (its name carries a hash), next to the other temporary files.
 */
final class TsanSuppressions {
    private TsanSuppressions() {}

    static Path of(Interpreter py) {
        try {
            String own = py.suppressions() == null ? "" : Files.readString(py.suppressions()) + "\n";
            String extra;
            try (InputStream in = TsanSuppressions.class.getResourceAsStream("tsan-extra-suppressions.txt")) {
                extra = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String all = own + extra;
            Path file = Path.of(System.getProperty("java.io.tmpdir"),
                    "ftmigrate-tsan-suppressions-" + Integer.toHexString(all.hashCode()) + ".txt");
            if (!Files.isRegularFile(file)) {
                Path tmp = Files.createTempFile(file.getParent(), "ftmigrate-tsan", ".tmp");
                Files.writeString(tmp, all);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the TSan suppressions file", e);
        }
    }
}

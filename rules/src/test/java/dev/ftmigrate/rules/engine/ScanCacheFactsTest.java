package dev.ftmigrate.rules.engine;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.ModelBuilder;
import dev.ftmigrate.analyzer.ParseOptions;
import dev.ftmigrate.analyzer.Scopes;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.input.CacheDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Facts leave defaults out when cached: what is read back must equal what was written, for every sample. */
class ScanCacheFactsTest {
    @TempDir Path cacheRoot;

    @Test
    void factsReadBackEqualToWhatWasWritten() throws IOException {
        CParser parser = new CParser(ParseOptions.hermetic());
        ScanCache cache = new ScanCache(new CacheDir(cacheRoot), "v1");
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("../sample-extensions"))) {
            files = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "the samples are there");
        int events = 0;
        for (Path p : files) {
            SourceFile src = SourceFile.read(p, p.getFileName().toString());
            FileModel m = ModelBuilder.build(parser.parse(src));
            Scopes scopes = new Scopes();
            ScanCache.Facts written = new ScanCache.Facts(ExtensionModel.facts(m, scopes), ExtensionModel.fieldFacts(m, scopes));
            String key = cache.key("opts", src);
            cache.putFacts(key, written);
            ScanCache.Facts read = cache.facts(key).orElseThrow();
            assertEquals(written, read, p.toString());
            events += written.fields().functions().stream().mapToInt(f -> f.events().size()).sum();
        }
        assertTrue(events > 100, "field events were round-tripped: " + events);
    }
}

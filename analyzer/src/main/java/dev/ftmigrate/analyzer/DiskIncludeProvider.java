package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.index.IIndexFileLocation;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContentProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads included headers straight from disk. CDT's own saved-files provider asks the Eclipse
 * workspace first, which does not exist standalone. Header texts are cached across files.
 */
final class DiskIncludeProvider extends InternalFileContentProvider {
    private static final Map<String, char[]> CACHE = new ConcurrentHashMap<>();

    @Override
    public boolean getInclusionExists(String path) {
        return Files.isRegularFile(Path.of(path));
    }

    @Override
    public InternalFileContent getContentForInclusion(String path, IMacroDictionary macros) {
        char[] text = CACHE.computeIfAbsent(path, p -> {
            try {
                return SourceFile.of(Path.of(p), p, Files.readAllBytes(Path.of(p))).text().toCharArray();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        });
        return text == null ? null : (InternalFileContent) FileContent.create(path, text);
    }

    @Override
    public InternalFileContent getContentForInclusion(IIndexFileLocation ifl, String astPath) {
        return astPath == null ? null : getContentForInclusion(astPath, null);
    }
}

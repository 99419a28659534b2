package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.index.IIndexFileLocation;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContentProvider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads included headers straight from disk. CDT's own saved-files provider asks the Eclipse
 * workspace first, which does not exist standalone. Only regular files up to a size limit are read
 * (an #include of /dev/zero or of a FIFO would otherwise eat the heap or block forever); refused
 * includes are noted for the file's warning. Header texts, and which candidate paths hold no file,
 * are shared by the files of one scan (the parser's map): a process that outlives a scan (the daemon)
 * must read an edited header anew.
 */
final class DiskIncludeProvider extends InternalFileContentProvider {
    private static final char[] REFUSED = new char[0];
    /** No file at that path: CDT probes each candidate directory of every include of every file. */
    private static final char[] MISSING = new char[0];

    private final long maxBytes;
    private final Map<String, char[]> cache;
    private final List<String> notes = new ArrayList<>();
    private long served;

    /** @param cache header texts by path, shared by the parses of one scan */
    DiskIncludeProvider(long maxBytes, Map<String, char[]> cache) {
        this.maxBytes = maxBytes;
        this.cache = cache;
    }

    /** Why includes were refused, one line each, in the order met. */
    List<String> notes() { return List.copyOf(notes); }

    /** The chars of the headers served to this parse. */
    long servedChars() { return served; }

    @Override
    public boolean getInclusionExists(String path) {
        Path p = Path.of(path);
        if (Files.isRegularFile(p)) return true;
        if (Files.exists(p) && !Files.isDirectory(p)) note(path, "not a regular file");
        return false;
    }

    @Override
    public InternalFileContent getContentForInclusion(String path, IMacroDictionary macros) {
        char[] text = cache.get(path);
        if (text == null) {
            text = read(path);
            if (text != REFUSED) cache.putIfAbsent(path, text);
        }
        if (text == REFUSED || text == MISSING) return null;
        served += text.length;
        return (InternalFileContent) FileContent.create(path, text);
    }

    private char[] read(String path) {
        Path p = Path.of(path);
        try {
            // Attributes of the file itself after following links, checked before opening: no FIFO open.
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (!a.isRegularFile()) return refuse(path, "not a regular file");
            if (a.size() > maxBytes) return refuse(path, "larger than " + (maxBytes >> 20) + " MB");
            byte[] bytes;
            try (InputStream in = Files.newInputStream(p, LinkOption.values())) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
            if (bytes.length > maxBytes) return refuse(path, "larger than " + (maxBytes >> 20) + " MB");
            return SourceFile.of(p, path, bytes).text().toCharArray();
        } catch (java.nio.file.NoSuchFileException e) {
            return MISSING; // CDT probes candidate paths; a header that is not there is the default mode working
        } catch (IOException | RuntimeException e) {
            return refuse(path, "unreadable (" + e.getMessage() + ")");
        }
    }

    private char[] refuse(String path, String why) {
        note(path, why);
        return REFUSED;
    }

    private void note(String path, String why) {
        String n = "#include " + path + " skipped: " + why;
        if (!notes.contains(n)) notes.add(n);
    }

    @Override
    public InternalFileContent getContentForInclusion(IIndexFileLocation ifl, String astPath) {
        return astPath == null ? null : getContentForInclusion(astPath, null);
    }
}

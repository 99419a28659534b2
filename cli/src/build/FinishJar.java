import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step (cli/pom.xml, after the shade), two things:
 * <ul>
 * <li>Re-emits the jar's pre-Java-6 classes (picocli is compiled for Java 5) as Java 8 classes with
 * stack-map frames, the same code otherwise. The JVM's start-up cache (CDS on 17, the AOT cache on
 * 25) skips classes older than version 50, so without this every run loaded and verified picocli's
 * ~170 classes from the jar: a third of a one-file scan's start-up.</li>
 * <li>Writes {@value #BUILD_ID}: a digest of every entry's name and bytes. The scan cache is keyed on
 * it, so a rebuild of the same sources (a CI job's fresh build) keeps the cache, and any change to
 * the code starts a fresh one.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp asm.jar FinishJar.java JAR}
 */
public final class FinishJar {
    private static final int JAVA_6 = Opcodes.V1_6 & 0xFFFF;
    static final String BUILD_ID = "META-INF/ftmigrate/build-id";

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        java.util.TreeMap<String, byte[]> digests = new java.util.TreeMap<>();
        try (URLClassLoader types = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             ZipFile in = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (e.getName().equals(BUILD_ID)) continue;
                byte[] bytes;
                try (var s = in.getInputStream(e)) { bytes = s.readAllBytes(); }
                if (e.getName().endsWith(".class") && major(bytes) < JAVA_6) {
                    bytes = upgrade(bytes, types);
                    upgraded++;
                }
                if (!e.isDirectory()) digests.put(e.getName(), MessageDigest.getInstance("SHA-256").digest(bytes));
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
            // Names and contents only, in name order: entry times and order vary from build to build.
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            for (var d : digests.entrySet()) {
                all.update(d.getKey().getBytes(StandardCharsets.UTF_8));
                all.update((byte) 0);
                all.update(d.getValue());
            }
            out.putNextEntry(new ZipEntry(BUILD_ID));
            out.write(HexFormat.of().formatHex(all.digest(), 0, 12).getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("FinishJar: " + upgraded + " classes re-emitted as Java 8 in " + jar.getFileName() + ", build id written");
    }

    private static int major(byte[] c) {
        return c.length < 8 ? Integer.MAX_VALUE : ((c[6] & 0xFF) << 8) | (c[7] & 0xFF);
    }

    /** Frames are computed from the code, with the jar's own classes for the common-superclass question. */
    private static byte[] upgrade(byte[] bytes, ClassLoader types) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override protected ClassLoader getClassLoader() { return types; }
        };
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, w) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return w.toByteArray();
    }
}

package dev.ftmigrate.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a failed build's log for the usual cause on a fresh machine: a system header or library that is not installed. */
public final class BuildDiagnosis {
    private static final Pattern HEADER = Pattern.compile("fatal error: ([\\w./+-]+\\.h(?:pp)?): No such file or directory");
    private static final Pattern LIB = Pattern.compile("cannot find -l([\\w.+-]+)");
    private static final Pattern MESON_DEP = Pattern.compile("Dependency \"?([\\w.+-]+)\"? not found");
    private static final Pattern CMAKE_DEP = Pattern.compile("Could NOT find ([\\w.+-]+)");

    private BuildDiagnosis() {}

    /** One sentence naming the missing header or library, or null when the log shows no such cause. */
    public static String missingDependency(Path log) {
        String text;
        try {
            text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
        return explain(text);
    }

    static String explain(String log) {
        Matcher m = HEADER.matcher(log);
        if (m.find()) {
            return "the build needs the system header " + m.group(1) + ", which is not installed"
                    + " (install the -dev package that ships it; `apt-file search " + m.group(1) + "` names it)";
        }
        m = LIB.matcher(log);
        if (m.find()) {
            return "the build needs the system library lib" + m.group(1) + ", which is not installed"
                    + " (install lib" + m.group(1) + "-dev or its equivalent)";
        }
        m = MESON_DEP.matcher(log);
        if (m.find()) return "the build needs the system library " + m.group(1) + " (meson did not find it; install its -dev package)";
        m = CMAKE_DEP.matcher(log);
        if (m.find()) return "the build needs the system library " + m.group(1) + " (CMake did not find it; install its -dev package)";
        return null;
    }
}

package dev.ftmigrate.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * A built extension ready to import.
 *
 * @param module     the import name
 * @param importDir  directory to put on {@code sys.path}
 * @param artifact   the built {@code .so}, or the project directory for setuptools builds
 * @param sources    the C sources (absolute), used to attribute TSan stacks to the extension
 * @param command    the build command line
 * @param seconds    build time
 */
public record BuiltExtension(String module, Path importDir, Path artifact, List<Path> sources, String command,
                             double seconds) {}

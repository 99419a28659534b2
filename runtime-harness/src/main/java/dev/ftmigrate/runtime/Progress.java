package dev.ftmigrate.runtime;

/** Receives progress lines from long steps (download, configure, make, install, build, stress). */
@FunctionalInterface
public interface Progress {
    void step(String message);

    Progress SILENT = m -> { };
    Progress STDERR = m -> System.err.println("ftmigrate: " + m);
}

package dev.ftmigrate.check;

import java.nio.file.Path;
import java.util.List;

/**
 * How to check a project.
 *
 * @param project     the project (setuptools, meson-python, scikit-build-core) or a folder/file of C sources
 * @param module      import name, or null for the one the build produces
 * @param patch       also patch a work copy and check it beside the original
 * @param unsafeFixes apply review fixes too (as {@code patch --unsafe-fixes})
 * @param python      a free-threaded interpreter, or null for the bundled runtime
 * @param threads     threads per test body and per workload
 * @param tsan        also run the tests and workloads under ThreadSanitizer
 * @param tests       test files or folders, or empty for the project's {@code tests/}
 * @param pytestArgs  extra pytest arguments (test ids in them are relative to the copied test folder)
 * @param workloads   workload files ({@code run(module, state, thread_index, iteration)})
 * @param iterations  workload calls per thread
 * @param repeat      repetitions of each workload and of each measurement
 * @param timeout     seconds per test suite run and per workload repetition
 * @param perf        measure single-thread cost and scaling
 * @param workDir     where the work copy, builds and venvs go
 */
public record CheckOptions(Path project, String module, boolean patch, boolean unsafeFixes, Path python, int threads,
                           boolean tsan, List<Path> tests, List<String> pytestArgs, List<Path> workloads, int iterations, int repeat,
                           double timeout, boolean perf, Path workDir) {}

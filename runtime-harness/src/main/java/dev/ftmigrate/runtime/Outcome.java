package dev.ftmigrate.runtime;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What one stress repetition (one process) ended with. Only {@link #PASS} is a success. */
public enum Outcome {
    /** setup, all threads and verify completed. */
    PASS,
    /** verify raised AssertionError: an invariant broke (lost updates, double creation, corrupted item). */
    INVARIANT_FAILURE,
    /** setup, run or verify raised some other exception. */
    EXCEPTION,
    /** the process died of a signal (segfault, abort); carries the faulthandler traceback. */
    CRASH,
    /** the repetition overran its timeout; its whole process group was killed. */
    TIMEOUT,
    /** the repetition went over its memory limit (--memory); all its processes were killed. */
    OUT_OF_MEMORY,
    /** importing the module re-enabled the GIL (no Py_mod_gil / PyUnstable_Module_SetGIL). */
    GIL_REENABLED,
    /** the module could not be imported at all. */
    IMPORT_ERROR,
    /** ThreadSanitizer reported a race whose stacks reach the extension's sources. */
    DATA_RACE,
    /** ThreadSanitizer reported something outside the extension's sources. */
    TSAN_REPORT;

    @JsonValue
    public String id() { return name().toLowerCase(Locale.ROOT); }
}

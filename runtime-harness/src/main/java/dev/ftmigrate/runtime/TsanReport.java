package dev.ftmigrate.runtime;

import java.util.List;

/**
 * One ThreadSanitizer warning, mapped to the extension.
 *
 * @param kind        e.g. {@code data race}, {@code heap-use-after-free}
 * @param inExtension some stack reaches the extension's sources
 * @param location    {@code file:line} of the first extension frame (the racing access), or null
 * @param function    the function at {@code location}
 * @param accesses    the racing accesses, each with its first extension frame when there is one
 * @param variable    TSan's "Location is ..." line, when present
 */
public record TsanReport(String kind, boolean inExtension, String location, String function,
                         List<Access> accesses, String variable) {

    /**
     * @param what  e.g. {@code Write of size 8 at 0x7b... by thread T3}
     * @param frame first extension frame ({@code file:line in function}), else the top frame
     * @param stack all frames, innermost first
     */
    public record Access(String what, String frame, List<String> stack) {}
}

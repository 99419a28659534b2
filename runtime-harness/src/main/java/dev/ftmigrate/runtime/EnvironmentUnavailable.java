package dev.ftmigrate.runtime;

/** The machine lacks something the harness needs (apt, a Debian mirror, a compiler, root for installs). */
public class EnvironmentUnavailable extends HarnessException {
    public EnvironmentUnavailable(String message) { super(message); }
}

package io.ckbridge.cli;

/** A command failed for a reason the user can act on; its message says what to do. */
public class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}

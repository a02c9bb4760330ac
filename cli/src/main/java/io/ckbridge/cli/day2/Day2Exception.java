package io.ckbridge.cli.day2;

/** A rehearsal that cannot go on: its message says which step and why. */
final class Day2Exception extends RuntimeException {
    Day2Exception(String message) {
        super(message);
    }

    Day2Exception(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.ckbridge.sandbox;

/** A sandbox operation failed; the message says which server, why, and what to do. */
public class SandboxException extends RuntimeException {
    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}

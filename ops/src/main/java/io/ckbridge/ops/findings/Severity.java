package io.ckbridge.ops.findings;

/** How soon a person should act on a finding. */
public enum Severity {
    /** Data stops flowing or will be refused soon. */
    CRITICAL,
    /** Something degrades and may get worse. */
    WARNING,
    /** Worth knowing: it explains what is seen, or it costs time when something else goes wrong. */
    INFO
}

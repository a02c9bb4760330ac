package io.ckbridge.common.errors;

/** The chain of an exception's causes, walked once here for every component that explains failures. */
public final class Causes {
    private Causes() {
    }

    /** The first throwable of {@code type} in {@code error}'s chain of causes (itself included), or null. */
    public static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** The last cause in {@code error}'s chain: usually the one that says what went wrong. */
    public static Throwable root(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}

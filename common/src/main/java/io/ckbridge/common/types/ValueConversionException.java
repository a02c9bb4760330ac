package io.ckbridge.common.types;

/** A value cannot become the CQL type of its column; the message says what was expected and what came. */
public class ValueConversionException extends RuntimeException {
    public ValueConversionException(String message) {
        super(message);
    }

    public ValueConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}

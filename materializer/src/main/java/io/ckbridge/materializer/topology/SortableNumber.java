package io.ckbridge.materializer.topology;

/**
 * Non-negative numbers as zero-padded text, so that store keys sort by them. Done by hand:
 * {@code String.format} was a third of the cost of buffering a change.
 */
final class SortableNumber {
    private SortableNumber() {
    }

    static String pad(long value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException("negative number in a store key: " + value);
        }
        String digits = Long.toString(value);
        if (digits.length() >= width) {
            return digits;
        }
        StringBuilder padded = new StringBuilder(width);
        for (int i = digits.length(); i < width; i++) {
            padded.append('0');
        }
        return padded.append(digits).toString();
    }
}

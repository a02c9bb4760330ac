package io.ckbridge.sink.offsets;

import java.util.Arrays;

/**
 * The offsets of one partition still being written: a bit per offset above a moving base. Offsets
 * arrive in increasing order and complete in any order, so this costs a few word operations
 * where a sorted set would rebalance a tree on every record.
 */
final class PendingOffsets {
    private long base = -1;
    private long[] words = new long[16];
    private int count;

    void add(long offset) {
        if (base < 0 || count == 0) {
            base = offset & ~63L;
            Arrays.fill(words, 0);
        }
        long index = offset - base;
        if (index < 0) {
            rebase(offset & ~63L); // a record handed back and taken again, below the current window
            index = offset - base;
        }
        int word = (int) (index >>> 6);
        if (word >= words.length) {
            compact();
            index = offset - base;
            word = (int) (index >>> 6);
            if (word >= words.length) {
                words = Arrays.copyOf(words, Math.max(words.length * 2, word + 1));
            }
        }
        long bit = 1L << (index & 63);
        if ((words[word] & bit) == 0) {
            words[word] |= bit;
            count++;
        }
    }

    void remove(long offset) {
        long index = offset - base;
        if (base < 0 || index < 0 || (index >>> 6) >= words.length) {
            return;
        }
        int word = (int) (index >>> 6);
        long bit = 1L << (index & 63);
        if ((words[word] & bit) != 0) {
            words[word] &= ~bit;
            count--;
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    int size() {
        return count;
    }

    /** The lowest pending offset; only when not empty. */
    long first() {
        for (int i = 0; i < words.length; i++) {
            if (words[i] != 0) {
                return base + ((long) i << 6) + Long.numberOfTrailingZeros(words[i]);
            }
        }
        throw new IllegalStateException("no offset pending");
    }

    private void rebase(long newBase) {
        int shift = (int) ((base - newBase) >>> 6);
        long[] moved = new long[Math.max(words.length, shift + words.length)];
        System.arraycopy(words, 0, moved, shift, words.length);
        words = moved;
        base = newBase;
    }

    /** Drops the empty words below the lowest pending offset, moving the base up. */
    private void compact() {
        int firstUsed = 0;
        while (firstUsed < words.length && words[firstUsed] == 0) {
            firstUsed++;
        }
        if (firstUsed == 0) {
            return;
        }
        System.arraycopy(words, firstUsed, words, 0, words.length - firstUsed);
        Arrays.fill(words, words.length - firstUsed, words.length, 0);
        base += (long) firstUsed << 6;
    }
}

package io.multiprocessing4j.shared;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Atomic read-modify-write of 1- and 2-byte values in shared memory: compare-and-set, get-and-set
 * and get-and-add for the {@code byte}, {@code short} and {@code boolean} typecodes of
 * {@code SharedByte}, {@code SharedShort}, {@code SharedBoolean} and their arrays.
 *
 * <p>Implementation notes. Memory-segment var handles offer atomic updates only for 4- and 8-byte
 * carriers, so these work on the aligned 4-byte word that holds the value: read the word, splice the
 * new bits in, and compare-and-set the whole word, retrying if any byte of it changed meanwhile (a
 * neighbour's write costs a retry, never a lost update). Values are raw bits in the low
 * {@code 8 * size} bits of an {@code int}. The caller guarantees that the value is naturally aligned
 * and that its whole enclosing word lies inside {@code seg} (the shared arrays round their data up to
 * a multiple of 4 bytes for that).
 */
final class SubWord {
    private static final VarHandle WORD = ValueLayout.JAVA_INT.varHandle();
    private static final boolean BIG = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private SubWord() {
    }

    private static int shift(long offset, int size) {
        int k = (int) (offset & 3);
        return 8 * (BIG ? 4 - size - k : k);
    }

    private static int mask(int size) {
        return size == 1 ? 0xFF : 0xFFFF;
    }

    /** @return the raw bits of the {@code size}-byte value at {@code offset}, read with volatile semantics */
    public static int get(MemorySegment seg, long offset, int size) {
        return ((int) WORD.getVolatile(seg, offset & ~3L) >>> shift(offset, size)) & mask(size);
    }

    /** Atomically replaces the value if its bits equal {@code expected}; @return whether it did. */
    public static boolean compareAndSet(MemorySegment seg, long offset, int size, int expected, int update) {
        long word = offset & ~3L;
        int shift = shift(offset, size);
        int mask = mask(size);
        while (true) {
            int cur = (int) WORD.getVolatile(seg, word);
            if (((cur >>> shift) & mask) != (expected & mask)) {
                return false;
            }
            int next = (cur & ~(mask << shift)) | ((update & mask) << shift);
            if (WORD.compareAndSet(seg, word, cur, next)) {
                return true;
            }
        }
    }

    /** Atomically replaces the value; @return the previous bits. */
    public static int getAndSet(MemorySegment seg, long offset, int size, int bits) {
        long word = offset & ~3L;
        int shift = shift(offset, size);
        int mask = mask(size);
        while (true) {
            int cur = (int) WORD.getVolatile(seg, word);
            int next = (cur & ~(mask << shift)) | ((bits & mask) << shift);
            if (WORD.compareAndSet(seg, word, cur, next)) {
                return (cur >>> shift) & mask;
            }
        }
    }

    /** Atomically adds {@code delta}, wrapping around as C does; @return the previous bits. */
    public static int getAndAdd(MemorySegment seg, long offset, int size, int delta) {
        long word = offset & ~3L;
        int shift = shift(offset, size);
        int mask = mask(size);
        while (true) {
            int cur = (int) WORD.getVolatile(seg, word);
            int old = (cur >>> shift) & mask;
            int next = (cur & ~(mask << shift)) | (((old + delta) & mask) << shift);
            if (WORD.compareAndSet(seg, word, cur, next)) {
                return old;
            }
        }
    }
}

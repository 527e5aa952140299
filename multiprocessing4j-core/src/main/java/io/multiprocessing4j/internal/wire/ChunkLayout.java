package io.multiprocessing4j.internal.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * How the items of one chunk are laid out in a {@code TASKS} frame, and its results in a
 * {@code RESULTS} frame: one byte after the chunk's header.
 *
 * <ul>
 *   <li>{@link #ITEMS}: each item is {@code [int length][serialized bytes]} (tasks), or
 *       {@code [byte ok][long nanos][int length][bytes]} (results). Anything goes.</li>
 *   <li>{@link #INT_COLUMN}, {@link #LONG_COLUMN}, {@link #DOUBLE_COLUMN}: every item is a number
 *       of that one kind. Tasks are the raw values end to end; results are the items' nanos as
 *       runs of equal values ({@code [int runs]([int length][long nanos])*}: the items of a group
 *       timed together share one), then every value. Every item of a result column succeeded.</li>
 * </ul>
 *
 * <p>Implementation notes. A {@code map} over a million boxed numbers spent most of its time
 * writing and reading thirteen bytes of framing per item and one tag per value, on both sides. A
 * column is four or eight bytes per value, read and written with no per-item branching, so the
 * caller, which serializes every item and deserializes every result alone, does a fraction of
 * the work. Either side falls back to {@link #ITEMS} whenever a chunk is not all one kind of
 * number (a worker decides after running the chunk, so a mixed or failing chunk loses nothing).
 */
public final class ChunkLayout {
    private ChunkLayout() {
    }

    public static final byte ITEMS = 0;
    public static final byte INT_COLUMN = 1;
    public static final byte LONG_COLUMN = 2;
    public static final byte DOUBLE_COLUMN = 3;

    /**
     * In the flags byte after a {@code TASKS} chunk's layout: the call has a deadline, so the worker
     * reads the clock as each item starts, rather than once per group of tiny items.
     */
    public static final byte FLAG_EXACT_TIMES = 1;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** @return the column {@code value} belongs in, or {@link #ITEMS} when it is not a boxed int, long or double */
    public static byte of(Object value) {
        if (value instanceof Integer) {
            return INT_COLUMN;
        }
        if (value instanceof Long) {
            return LONG_COLUMN;
        }
        if (value instanceof Double) {
            return DOUBLE_COLUMN;
        }
        return ITEMS;
    }

    /** @return bytes per value of a column layout */
    public static int width(byte layout) {
        return switch (layout) {
            case INT_COLUMN -> 4;
            case LONG_COLUMN, DOUBLE_COLUMN -> 8;
            default -> throw new IllegalArgumentException("not a column layout: " + layout);
        };
    }

    /** @return whether {@code layout} is one this version reads */
    public static boolean isKnown(byte layout) {
        return layout >= ITEMS && layout <= DOUBLE_COLUMN;
    }

    /** The bits of a value of the column {@code layout}: what {@link #box} turns back into it. */
    public static long bits(byte layout, Object value) {
        return switch (layout) {
            case INT_COLUMN -> (Integer) value;
            case LONG_COLUMN -> (Long) value;
            case DOUBLE_COLUMN -> Double.doubleToRawLongBits((Double) value);
            default -> throw new IllegalArgumentException("not a column layout: " + layout);
        };
    }

    /** The boxed value of {@code bits} in the column {@code layout}. */
    public static Object box(byte layout, long bits) {
        return switch (layout) {
            case INT_COLUMN -> (int) bits;
            case LONG_COLUMN -> bits;
            case DOUBLE_COLUMN -> Double.longBitsToDouble(bits);
            default -> throw new IllegalArgumentException("not a column layout: " + layout);
        };
    }

    /** Writes {@code bits} as one value of the column {@code layout} at {@code buf[at]}. */
    public static void put(byte layout, byte[] buf, int at, long bits) {
        if (layout == INT_COLUMN) {
            INT.set(buf, at, (int) bits);
        } else {
            LONG.set(buf, at, bits);
        }
    }

    /** Reads the boxed value of the column {@code layout} at {@code buf[at]}. */
    public static Object get(byte layout, byte[] buf, int at) {
        return switch (layout) {
            case INT_COLUMN -> (Integer) (int) INT.get(buf, at);
            case LONG_COLUMN -> (Long) (long) LONG.get(buf, at);
            case DOUBLE_COLUMN -> (Double) Double.longBitsToDouble((long) LONG.get(buf, at));
            default -> throw new IllegalArgumentException("not a column layout: " + layout);
        };
    }

    /** Big-endian {@code long} at {@code buf[at]}. */
    public static long getLong(byte[] buf, int at) {
        return (long) LONG.get(buf, at);
    }

    /** Big-endian {@code long} written at {@code buf[at]}. */
    public static void putLong(byte[] buf, int at, long v) {
        LONG.set(buf, at, v);
    }

    /** Big-endian {@code int} written at {@code buf[at]}. */
    public static void putInt(byte[] buf, int at, int v) {
        INT.set(buf, at, v);
    }
}

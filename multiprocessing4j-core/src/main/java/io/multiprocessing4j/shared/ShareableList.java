package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SharedSegment;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Python's {@code multiprocessing.shared_memory.ShareableList}: a fixed-length list in shared
 * memory, readable and writable by every process that attaches it by name.
 *
 * <p>Items may be {@code null}, {@link Boolean}, {@link Integer}, {@link Long}, {@link Float},
 * {@link Double}, {@link String} or {@code byte[]}. Each slot keeps the capacity its first value
 * needed (at least 8 bytes; strings by their UTF-8 length): a later value of any supported type
 * fits if its encoding is no longer. Every value round-trips exactly, with its Java type: strings
 * and byte arrays ending in zero bytes, empty ones, and multi-byte UTF-8 included (CPython strips
 * trailing zeros and mis-sizes UTF-8: gh-106939, gh-145261). Setting a value that does not fit
 * throws {@link IllegalArgumentException} and leaves the list unchanged.
 *
 * <p>Thread-safe and process-safe per item: each slot is guarded by a sequence counter, so a
 * reader never sees half of a concurrent write. Lifetime as {@link SharedMemory}: {@link #close()}
 * unmaps this handle, {@link #unlink()} removes the name, and the tracker unlinks it once every
 * process that used it is gone. {@code Serializable}: re-attaches by name in another process.
 */
public final class ShareableList extends AbstractList<Object> implements RandomAccess, AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final int MAGIC = 0x5453_4C53; // "SLST"
    private static final long COUNT = 4;
    private static final long ENTRIES = 16;
    private static final int ENTRY = 32;
    // entry: +0 int version (odd while written), +4 int type, +8 int length, +16 long data offset, +24 long capacity
    private static final int NULL = 0;
    private static final int BOOLEAN = 1;
    private static final int INTEGER = 2;
    private static final int LONG = 3;
    private static final int FLOAT = 4;
    private static final int DOUBLE = 5;
    private static final int STRING = 6;
    private static final int BYTES = 7;

    private final String name;
    /** This handle's view (serialized with it: it maps the block again by name). */
    private final SharedSegment file;
    private final transient MemorySegment seg;
    private final transient int count;

    private ShareableList(SharedSegment file) {
        this.name = file.name();
        this.file = file;
        this.seg = file.segment();
        if (seg.byteSize() < ENTRIES || seg.get(ValueLayout.JAVA_INT, 0) != MAGIC) {
            file.close();
            throw new IllegalArgumentException("shared memory '" + name + "' is not a ShareableList");
        }
        this.count = seg.get(ValueLayout.JAVA_INT, COUNT);
    }

    /** Creates a list holding {@code values}, in a new block with a fresh name. */
    public static ShareableList create(Collection<?> values) {
        return make(null, values);
    }

    /** Creates a list holding {@code values} in a new block named {@code name}. */
    public static ShareableList create(String name, Collection<?> values) {
        Objects.requireNonNull(name, "name must not be null; use create(values) for a fresh name");
        return make(name, values);
    }

    /** @param name the block's name, {@code null} for a fresh one */
    private static ShareableList make(String name, Collection<?> values) {
        Objects.requireNonNull(values, "values must not be null (an empty list is fine)");
        Object[] items = values.toArray();
        long data = align(ENTRIES + (long) items.length * ENTRY);
        long[] caps = new long[items.length];
        byte[][] enc = new byte[items.length][];
        long total = data;
        for (int i = 0; i < items.length; i++) {
            enc[i] = encode(items[i], i);
            caps[i] = Math.max(8, align(enc[i].length));
            total += caps[i];
        }
        SharedSegment f;
        try {
            f = LocalBackends.get().createView(name, total);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ShareableList" + (name == null ? "" : " '" + name + "'")
                    + ": " + e.getMessage(), e);
        }
        MemorySegment s = f.segment();
        s.set(ValueLayout.JAVA_INT, COUNT, items.length);
        long at = data;
        for (int i = 0; i < items.length; i++) {
            long e = ENTRIES + (long) i * ENTRY;
            s.set(ValueLayout.JAVA_LONG, e + 16, at);
            s.set(ValueLayout.JAVA_LONG, e + 24, caps[i]);
            write(s, e, typeOf(items[i]), enc[i]);
            at += caps[i];
        }
        INT.setVolatile(s, 0L, MAGIC);
        return new ShareableList(f);
    }

    /** Maps the existing list named {@code name}. */
    public static ShareableList attach(String name) {
        try {
            return new ShareableList(LocalBackends.get().attachView(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot attach ShareableList '" + name + "': " + e.getMessage(), e);
        }
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    private static int typeOf(Object v) {
        return switch (v) {
            case null -> NULL;
            case Boolean b -> BOOLEAN;
            case Integer i -> INTEGER;
            case Long l -> LONG;
            case Float f -> FLOAT;
            case Double d -> DOUBLE;
            case String s -> STRING;
            case byte[] b -> BYTES;
            default -> throw unsupported(v);
        };
    }

    private static IllegalArgumentException unsupported(Object v) {
        return new IllegalArgumentException("a ShareableList holds null, Boolean, Integer, Long, Float, Double, String or byte[]; got "
                + v.getClass().getName());
    }

    private static byte[] encode(Object v, int index) {
        MemorySegment b = MemorySegment.ofArray(new byte[8]);
        return switch (v) {
            case null -> new byte[0];
            case Boolean x -> new byte[] {(byte) (x ? 1 : 0)};
            case Integer x -> { b.set(ValueLayout.JAVA_INT_UNALIGNED, 0, x); yield b.asSlice(0, 4).toArray(ValueLayout.JAVA_BYTE); }
            case Long x -> { b.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, x); yield b.toArray(ValueLayout.JAVA_BYTE); }
            case Float x -> { b.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 0, x); yield b.asSlice(0, 4).toArray(ValueLayout.JAVA_BYTE); }
            case Double x -> { b.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, x); yield b.toArray(ValueLayout.JAVA_BYTE); }
            case String x -> x.getBytes(StandardCharsets.UTF_8);
            case byte[] x -> x.clone();
            default -> throw unsupported(v);
        };
    }

    private static Object decode(int type, byte[] b) {
        MemorySegment s = MemorySegment.ofArray(b);
        return switch (type) {
            case NULL -> null;
            case BOOLEAN -> b[0] != 0;
            case INTEGER -> s.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
            case LONG -> s.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
            case FLOAT -> s.get(ValueLayout.JAVA_FLOAT_UNALIGNED, 0);
            case DOUBLE -> s.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, 0);
            case STRING -> new String(b, StandardCharsets.UTF_8);
            case BYTES -> b;
            default -> throw new IllegalStateException("damaged ShareableList item type " + type);
        };
    }

    /** Writes an item under its sequence counter (odd while a write is in progress). */
    private static void write(MemorySegment s, long e, int type, byte[] bytes) {
        int v;
        do {
            v = (int) INT.getVolatile(s, e);
            if ((v & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            if (INT.compareAndSet(s, e, v, v + 1)) {
                break;
            }
        } while (true);
        long data = s.get(ValueLayout.JAVA_LONG, e + 16);
        s.set(ValueLayout.JAVA_INT, e + 4, type);
        s.set(ValueLayout.JAVA_INT, e + 8, bytes.length);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, data, bytes.length);
        INT.setVolatile(s, e, v + 2);
    }

    private long entry(int index) {
        Objects.checkIndex(index, count);
        return ENTRIES + (long) index * ENTRY;
    }

    @Override
    public Object get(int index) {
        long e = entry(index);
        long data = seg.get(ValueLayout.JAVA_LONG, e + 16);
        long cap = seg.get(ValueLayout.JAVA_LONG, e + 24);
        while (true) {
            int v1 = (int) INT.getVolatile(seg, e);
            if ((v1 & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            int type = seg.get(ValueLayout.JAVA_INT, e + 4);
            int len = seg.get(ValueLayout.JAVA_INT, e + 8);
            if (len < 0 || len > cap) {
                continue; // torn by a concurrent write: retry
            }
            byte[] b = new byte[len];
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, data, b, 0, len);
            if ((int) INT.getVolatile(seg, e) == v1) {
                return decode(type, b);
            }
        }
    }

    /**
     * Replaces item {@code index}.
     *
     * @return the previous item
     * @throws IllegalArgumentException if the value's type is not supported or it does not fit the slot
     */
    @Override
    public Object set(int index, Object value) {
        long e = entry(index);
        byte[] b = encode(value, index);
        long cap = seg.get(ValueLayout.JAVA_LONG, e + 24);
        if (b.length > cap) {
            throw new IllegalArgumentException("item " + index + " of ShareableList " + name + " holds at most " + cap
                    + " bytes, the new value needs " + b.length + "; slots keep the size of their first value");
        }
        Object old = get(index);
        write(seg, e, typeOf(value), b);
        return old;
    }

    @Override
    public int size() {
        return count;
    }

    /** @return how many bytes item {@code index} can hold */
    public long capacity(int index) {
        return seg.get(ValueLayout.JAVA_LONG, entry(index) + 24);
    }

    /** @return the name other processes attach by */
    public String name() {
        return name;
    }

    /** @return a copy of the items in an ordinary list */
    public List<Object> toList() {
        return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(this));
    }

    /** Unmaps this handle's view (Python's {@code shm.close()}); the name stays valid. */
    @Override
    public void close() {
        file.close();
    }

    /** Removes the name (Python's {@code shm.unlink()}). */
    public void unlink() {
        LocalBackends.get().unlink(name);
    }

    @Serial
    private Object readResolve() {
        return new ShareableList(file);
    }

    @Override
    public String toString() {
        return "ShareableList[" + name + "]" + (file.isOpen() ? super.toString() : "(closed)");
    }
}

package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SharedSegment;
import io.multiprocessing4j.sync.ProcessRLock;

import java.io.Serial;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Python's {@code multiprocessing.sharedctypes} structures ({@code Value(MyStructure)} of a
 * {@code ctypes.Structure}, and {@code RawValue}): one struct in shared memory, described by a
 * {@link StructLayout}, that every process holding this handle reads and writes field by field.
 *
 * <pre>{@code
 * StructLayout POINT = MemoryLayout.structLayout(
 *         ValueLayout.JAVA_DOUBLE.withName("x"), ValueLayout.JAVA_DOUBLE.withName("y"),
 *         ValueLayout.JAVA_INT.withName("hits"), MemoryLayout.paddingLayout(4));
 * SharedStruct p = ctx.sharedStruct(POINT);
 * p.setDouble("x", 1.5);
 * p.addAndGetInt("hits", 1);
 * }</pre>
 *
 * <p>The contract:
 * <ul>
 * <li>The memory starts zero-filled and is laid out exactly as the layout says (its byte order,
 *     alignment and padding included), so {@link #segment()} can also be read with the layout's own
 *     var handles or by native code.</li>
 * <li>A field is named by its layout name; a field of a nested struct or union by a dotted path
 *     ({@code "origin.x"}). The typed accessor must match the field's carrier ({@code getInt} for a
 *     {@code JAVA_INT} field, ...); a wrong type or an unknown name throws
 *     {@link IllegalArgumentException} naming the field. Sequence elements are reached through
 *     {@link #segment()}.</li>
 * <li>Each typed read or write of a naturally aligned field is a single atomic (volatile) access,
 *     and {@link #addAndGetInt}, {@link #addAndGetLong}, {@link #compareAndSetInt} and
 *     {@link #compareAndSetLong} are atomic and need no lock. An update that spans several fields
 *     must hold {@link #getLock()} (a {@link ProcessRLock}, Python's synchronized wrapper) in every
 *     process that touches them. A raw struct ({@code ctx.rawSharedStruct(layout)}) has no lock.</li>
 * <li>Address (pointer) layouts are refused with {@link IllegalArgumentException}: a pointer into one
 *     process's memory means nothing in another.</li>
 * </ul>
 *
 * <p>For a record of primitives mapped field by field, with whole-record reads and writes, see
 * {@link SharedRecord}.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name and
 * rebuilds the same layout. The memory is unlinked once no live process uses it (see {@link #close()}).
 */
public final class SharedStruct extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The layout as it travels to other processes. */
    private final LayoutCodec.Node shape;
    private final transient StructLayout layout;
    private final transient MemorySegment seg;
    private final transient ConcurrentHashMap<String, Field> fields = new ConcurrentHashMap<>();

    /** A resolved field: its value layout, its offset, and whether it can be accessed atomically. */
    private record Field(String path, ValueLayout layout, long offset, VarHandle handle, boolean atomic) {
    }

    private SharedStruct(SharedSegment file, StructLayout layout, LayoutCodec.Node shape, ProcessRLock lock) {
        super(file, lock);
        this.layout = layout;
        this.shape = shape;
        this.seg = file.segment().asSlice(0, layout.byteSize());
    }

    /**
     * @return a new zero-filled struct laid out as {@code layout}, with its own lock
     *         (Python's {@code Value(MyStructure)})
     * @throws IllegalArgumentException if the layout holds an address layout
     */
    public static SharedStruct create(StructLayout layout) {
        return create(layout, true);
    }

    /** @return a new zero-filled struct laid out as {@code layout}, without a lock (Python's {@code RawValue(MyStructure)}) */
    public static SharedStruct createRaw(StructLayout layout) {
        return create(layout, false);
    }

    static SharedStruct create(StructLayout layout, boolean withLock) {
        Objects.requireNonNull(layout, "layout must not be null");
        LayoutCodec.Node shape = LayoutCodec.encode(layout);
        if (layout.byteAlignment() > 64) {
            throw new IllegalArgumentException("a shared struct can be aligned to at most 64 bytes, got " + layout);
        }
        return new SharedStruct(LocalBackends.get().segment(Math.max(64, layout.byteSize())), layout, shape,
                withLock ? ProcessRLock.create() : null);
    }

    /** @return the layout this struct was created with */
    public StructLayout layout() {
        return layout;
    }

    /** @return the struct's bytes as a memory segment of {@code layout().byteSize()} bytes */
    public MemorySegment segment() {
        return seg;
    }

    private Field field(String path, Class<?> carrier) {
        Objects.requireNonNull(path, "field name must not be null");
        Field f = fields.computeIfAbsent(path, this::resolve);
        if (carrier != null && f.layout().carrier() != carrier) {
            throw new IllegalArgumentException("field '" + path + "' of " + this + " is a " + f.layout().carrier()
                    + " (" + f.layout() + "), not a " + carrier + ": use get/set" + capitalized(f.layout().carrier()));
        }
        return f;
    }

    private static String capitalized(Class<?> c) {
        String n = c.getName();
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    private Field resolve(String path) {
        String[] parts = path.split("\\.", -1);
        MemoryLayout.PathElement[] elements = new MemoryLayout.PathElement[parts.length];
        for (int i = 0; i < parts.length; i++) {
            elements[i] = MemoryLayout.PathElement.groupElement(parts[i]);
        }
        MemoryLayout selected;
        try {
            selected = layout.select(elements);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no field '" + path + "' in " + this + "; its fields are " + fieldNames(), e);
        }
        if (!(selected instanceof ValueLayout v)) {
            throw new IllegalArgumentException("'" + path + "' of " + this + " is " + selected + ", not a value: name one"
                    + " of its fields with a dotted path, or read it through segment()");
        }
        long offset = layout.byteOffset(elements);
        return new Field(path, v, offset, v.varHandle(), offset % v.byteSize() == 0);
    }

    private List<String> fieldNames() {
        List<String> out = new ArrayList<>();
        collect(layout, "", out);
        return out;
    }

    private static void collect(MemoryLayout l, String prefix, List<String> out) {
        if (l instanceof java.lang.foreign.GroupLayout g) {
            for (MemoryLayout m : g.memberLayouts()) {
                if (m.name().isPresent()) {
                    collect(m, prefix.isEmpty() ? m.name().get() : prefix + "." + m.name().get(), out);
                }
            }
        } else if (l instanceof ValueLayout) {
            out.add(prefix);
        }
    }

    private Object read(Field f) {
        return f.atomic() ? f.handle().getVolatile(seg, f.offset()) : f.handle().get(seg, f.offset());
    }

    private void write(Field f, Object value) {
        if (f.atomic()) {
            f.handle().setVolatile(seg, f.offset(), value);
        } else {
            f.handle().set(seg, f.offset(), value);
        }
    }

    /**
     * @return the value of field {@code path}, boxed (an {@code Integer} for a {@code JAVA_INT}
     *         field, ...)
     * @throws IllegalArgumentException if there is no such field
     */
    public Object get(String path) {
        return read(field(path, null));
    }

    /**
     * Sets field {@code path} from a boxed value of its carrier type.
     *
     * @throws IllegalArgumentException if there is no such field, or {@code value} is not of its type
     */
    public void set(String path, Object value) {
        Field f = field(path, null);
        Class<?> boxed = java.lang.invoke.MethodType.methodType(f.layout().carrier()).wrap().returnType();
        if (!boxed.isInstance(value)) {
            throw new IllegalArgumentException("field '" + path + "' of " + this + " holds a " + f.layout().carrier()
                    + ", not " + (value == null ? "null" : "a " + value.getClass().getName()));
        }
        write(f, value);
    }

    /** @return the {@code int} field {@code path} */
    public int getInt(String path) {
        return (int) read(field(path, int.class));
    }

    /** Sets the {@code int} field {@code path}. */
    public void setInt(String path, int value) {
        write(field(path, int.class), value);
    }

    /** Atomically adds {@code delta} to the naturally aligned {@code int} field {@code path}; @return the new value. */
    public int addAndGetInt(String path, int delta) {
        Field f = atomicField(path, int.class);
        return (int) f.handle().getAndAdd(seg, f.offset(), delta) + delta;
    }

    /** Atomically sets the {@code int} field {@code path} to {@code update} if it is {@code expected}; @return whether it did. */
    public boolean compareAndSetInt(String path, int expected, int update) {
        Field f = atomicField(path, int.class);
        return f.handle().compareAndSet(seg, f.offset(), expected, update);
    }

    /** @return the {@code long} field {@code path} */
    public long getLong(String path) {
        return (long) read(field(path, long.class));
    }

    /** Sets the {@code long} field {@code path}. */
    public void setLong(String path, long value) {
        write(field(path, long.class), value);
    }

    /** Atomically adds {@code delta} to the naturally aligned {@code long} field {@code path}; @return the new value. */
    public long addAndGetLong(String path, long delta) {
        Field f = atomicField(path, long.class);
        return (long) f.handle().getAndAdd(seg, f.offset(), delta) + delta;
    }

    /** Atomically sets the {@code long} field {@code path} to {@code update} if it is {@code expected}; @return whether it did. */
    public boolean compareAndSetLong(String path, long expected, long update) {
        Field f = atomicField(path, long.class);
        return f.handle().compareAndSet(seg, f.offset(), expected, update);
    }

    /** @return the {@code double} field {@code path} */
    public double getDouble(String path) {
        return (double) read(field(path, double.class));
    }

    /** Sets the {@code double} field {@code path}. */
    public void setDouble(String path, double value) {
        write(field(path, double.class), value);
    }

    /** @return the {@code float} field {@code path} */
    public float getFloat(String path) {
        return (float) read(field(path, float.class));
    }

    /** Sets the {@code float} field {@code path}. */
    public void setFloat(String path, float value) {
        write(field(path, float.class), value);
    }

    /** @return the {@code short} field {@code path} */
    public short getShort(String path) {
        return (short) read(field(path, short.class));
    }

    /** Sets the {@code short} field {@code path}. */
    public void setShort(String path, short value) {
        write(field(path, short.class), value);
    }

    /** @return the {@code byte} field {@code path} */
    public byte getByte(String path) {
        return (byte) read(field(path, byte.class));
    }

    /** Sets the {@code byte} field {@code path}. */
    public void setByte(String path, byte value) {
        write(field(path, byte.class), value);
    }

    /** @return the {@code boolean} field {@code path} */
    public boolean getBoolean(String path) {
        return (boolean) read(field(path, boolean.class));
    }

    /** Sets the {@code boolean} field {@code path}. */
    public void setBoolean(String path, boolean value) {
        write(field(path, boolean.class), value);
    }

    /** @return the {@code char} (a 16-bit {@code JAVA_CHAR}) field {@code path} */
    public char getChar(String path) {
        return (char) read(field(path, char.class));
    }

    /** Sets the {@code char} field {@code path}. */
    public void setChar(String path, char value) {
        write(field(path, char.class), value);
    }

    private Field atomicField(String path, Class<?> carrier) {
        Field f = field(path, carrier);
        if (!f.atomic()) {
            throw new IllegalArgumentException("field '" + path + "' of " + this + " is not naturally aligned (offset "
                    + f.offset() + "), so it cannot be updated atomically: hold getLock() and use get/set");
        }
        return f;
    }

    @Serial
    private Object readResolve() {
        return new SharedStruct(file, (StructLayout) LayoutCodec.decode(shape), shape, lock);
    }

    @Override
    public String toString() {
        return "SharedStruct[" + name + ", " + layout + "]";
    }
}

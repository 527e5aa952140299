package io.multiprocessing4j.internal.serial;

import io.multiprocessing4j.spi.SerializationException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JDK serialization with a hand-written fast path.
 *
 * <p>Implementation notes. The first byte of every encoding is a tag. The common values of tasks
 * and results ({@code null}, boxed primitives, strings, byte and primitive arrays, and lists of
 * those) are written by hand: JDK serialization spends ~0.5 µs writing and ~1.8 µs reading even a
 * small record, while these take tens of nanoseconds. Anything else is an {@code ObjectOutputStream}
 * body behind {@link #TAG_JDK}. Reading applies {@link SerialFilter} (depth, array lengths bounded
 * by the bytes left, a deny-list of gadget classes, {@code -Dmp4j.serialFilter} patterns and an
 * optional allow-list mode). The hand-written reader checks every length against the bytes left
 * before it allocates and bounds list nesting ({@link #MAX_FAST_DEPTH}), and a
 * {@code StackOverflowError} while reading becomes a {@link SerializationException}, so a hostile
 * value fails the one call that carries it and never the thread that reads it. Only authenticated
 * peers ever reach the deserializer, and a peer holding the key can run code anyway (it sends
 * tasks), so the filter is a guard-rail, not the security boundary: see docs/security.md.
 *
 * <p>It is the only format on every path (tasks, results, queue items, pipes, managers): both ends
 * of a connection must agree on it, and no switch exists to pick another (see docs/architecture.md).
 */
public final class DefaultSerializer {
    public static final DefaultSerializer INSTANCE = new DefaultSerializer();

    private static final byte TAG_NULL = 0;
    private static final byte TAG_INT = 1;
    private static final byte TAG_LONG = 2;
    private static final byte TAG_DOUBLE = 3;
    private static final byte TAG_STRING = 4;
    private static final byte TAG_BYTES = 5;
    private static final byte TAG_INTS = 6;
    private static final byte TAG_LONGS = 7;
    private static final byte TAG_DOUBLES = 8;
    private static final byte TAG_TRUE = 9;
    private static final byte TAG_FALSE = 10;
    private static final byte TAG_FLOAT = 11;
    private static final byte TAG_SHORT = 12;
    private static final byte TAG_BYTE = 13;
    private static final byte TAG_CHAR = 14;
    private static final byte TAG_LIST = 15;
    private static final byte TAG_JDK = 127;

    /**
     * Built on the first JDK-serialized value, not when this class loads: the JDK's
     * {@code ObjectInputFilter.Config} looks up a system logger when it loads, and the first lookup
     * of a JVM starts the logging backend (tens of milliseconds of a young worker, on the path of its
     * first result even when every value is hand-encoded).
     */
    private static final class Filter {
        static final SerialFilter INSTANCE = SerialFilter.fromSystemProperties();
    }

    private DefaultSerializer() {
    }

    /**
     * How deep hand-encoded lists may nest when read. The writer nests them at most 4 deep (deeper
     * lists go through JDK serialization); anything deeper is a corrupt or hostile stream, and
     * recursing on it could exhaust the reader's stack.
     */
    static final int MAX_FAST_DEPTH = 8;

    /**
     * Sees what a JDK-serialized value is made of: every class descriptor and every object the
     * stream writes (after {@code writeReplace}, so a lambda shows as its {@code SerializedLambda}).
     * Values on the hand-written fast path involve no user class and are never observed.
     */
    public interface StreamObserver {
        void classWritten(Class<?> c);

        void objectWritten(Object o);
    }

    public byte[] serialize(Object value) {
        return serialize(value, null);
    }

    /**
     * {@link #serialize(Object)}, telling {@code observer} (if not null) the classes and objects a
     * JDK-serialized value's stream writes.
     */
    public byte[] serialize(Object value, StreamObserver observer) {
        // the commonest task arguments and results, without the growable buffer
        if (value instanceof Integer i) {
            int v = i;
            return new byte[] {TAG_INT, (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        if (value instanceof Long l) {
            return scalar8(TAG_LONG, l);
        }
        if (value instanceof Double d) {
            return scalar8(TAG_DOUBLE, Double.doubleToRawLongBits(d));
        }
        if (value == null) {
            return new byte[] {TAG_NULL};
        }
        if (value instanceof Boolean b) {
            return new byte[] {b ? TAG_TRUE : TAG_FALSE};
        }
        Growable out = new Growable(64);
        if (!writeFast(out, value, 0)) {
            out.reset();
            out.put(TAG_JDK);
            writeJdk(out, value, observer);
        }
        return out.toArray();
    }

    /** The most bytes {@link #writeScalar} writes. */
    public static final int MAX_SCALAR_BYTES = 9;

    /**
     * Writes the encoding {@link #serialize(Object)} gives {@code value} at {@code buf[pos]} when
     * {@code value} is null, an {@code Integer}, {@code Long}, {@code Double} or {@code Boolean}: the
     * values a {@code map} over numbers sends and returns, packed with no allocation at all.
     *
     * @param buf where to write; it must have {@link #MAX_SCALAR_BYTES} bytes of room at {@code pos}
     * @return the bytes written, or -1 (nothing written) for any other value
     */
    public static int writeScalar(Object value, byte[] buf, int pos) {
        if (value instanceof Integer i) {
            buf[pos] = TAG_INT;
            putInt(buf, pos + 1, i);
            return 5;
        }
        if (value instanceof Double d) {
            buf[pos] = TAG_DOUBLE;
            putLong(buf, pos + 1, Double.doubleToRawLongBits(d));
            return 9;
        }
        if (value instanceof Long l) {
            buf[pos] = TAG_LONG;
            putLong(buf, pos + 1, l);
            return 9;
        }
        if (value == null) {
            buf[pos] = TAG_NULL;
            return 1;
        }
        if (value instanceof Boolean b) {
            buf[pos] = b ? TAG_TRUE : TAG_FALSE;
            return 1;
        }
        return -1;
    }

    /**
     * {@link #deserialize(byte[], ClassLoader)} of the encoding held at {@code bytes[offset, offset +
     * length)}: the scalars {@link #writeScalar} writes are read in place, anything else from a copy.
     */
    public Object deserialize(byte[] bytes, int offset, int length, ClassLoader loader) {
        if (length == 5 && bytes[offset] == TAG_INT) {
            return getInt(bytes, offset + 1);
        }
        if (length == 9 && bytes[offset] == TAG_DOUBLE) {
            return Double.longBitsToDouble(getLong(bytes, offset + 1));
        }
        if (length == 9 && bytes[offset] == TAG_LONG) {
            return getLong(bytes, offset + 1);
        }
        if (length == 1 && bytes[offset] <= TAG_FALSE && (bytes[offset] == TAG_NULL || bytes[offset] >= TAG_TRUE)) {
            return bytes[offset] == TAG_NULL ? null : bytes[offset] == TAG_TRUE;
        }
        return deserialize(java.util.Arrays.copyOfRange(bytes, offset, offset + length), loader);
    }

    // shifts rather than a byte-array VarHandle: a young worker runs these interpreted, where a
    // VarHandle call costs far more than a few shifts
    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    private static int getInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static long getLong(byte[] b, int at) {
        return ((long) getInt(b, at) << 32) | (getInt(b, at + 4) & 0xffffffffL);
    }

    private static byte[] scalar8(byte tag, long v) {
        byte[] b = new byte[9];
        b[0] = tag;
        for (int k = 8; k >= 1; k--) {
            b[k] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    public Object deserialize(byte[] bytes, ClassLoader loader) {
        if (bytes.length == 5 && bytes[0] == TAG_INT) {
            return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
        }
        if (bytes.length == 0) {
            throw new SerializationException("cannot deserialize an empty byte array");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        try {
            return readValue(in, bytes, loader, 0);
        } catch (StackOverflowError e) {
            // the frames above the reader's are intact: this call fails, the thread goes on
            throw new SerializationException("refused a serialized value of " + bytes.length
                    + " bytes: it is nested too deeply for this thread's stack; " + Filter.INSTANCE.advice());
        } catch (RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("malformed serialized value: " + e, e);
        }
    }

    // --- fast path ---------------------------------------------------------------------------

    private static boolean writeFast(Growable out, Object v, int depth) {
        switch (v) {
            case null -> out.put(TAG_NULL);
            case Integer i -> {
                out.put(TAG_INT);
                out.putInt(i);
            }
            case Long l -> {
                out.put(TAG_LONG);
                out.putLong(l);
            }
            case Double d -> {
                out.put(TAG_DOUBLE);
                out.putLong(Double.doubleToRawLongBits(d));
            }
            case Boolean b -> out.put(b ? TAG_TRUE : TAG_FALSE);
            case Float f -> {
                out.put(TAG_FLOAT);
                out.putInt(Float.floatToRawIntBits(f));
            }
            case Short s -> {
                out.put(TAG_SHORT);
                out.putShort(s);
            }
            case Byte b -> {
                out.put(TAG_BYTE);
                out.put(b);
            }
            case Character c -> {
                out.put(TAG_CHAR);
                out.putShort((short) c.charValue());
            }
            case String s -> {
                out.put(TAG_STRING);
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                out.putInt(utf8.length);
                out.put(utf8, 0, utf8.length);
            }
            case byte[] b -> {
                out.put(TAG_BYTES);
                out.putInt(b.length);
                out.put(b, 0, b.length);
            }
            case int[] a -> {
                out.put(TAG_INTS);
                out.putInt(a.length);
                out.putInts(a);
            }
            case long[] a -> {
                out.put(TAG_LONGS);
                out.putInt(a.length);
                out.putLongs(a);
            }
            case double[] a -> {
                out.put(TAG_DOUBLES);
                out.putInt(a.length);
                out.putDoubles(a);
            }
            case List<?> list when depth < 4 && isPlainList(list) -> {
                int mark = out.position();
                out.put(TAG_LIST);
                out.putInt(list.size());
                for (Object e : list) {
                    if (!writeFast(out, e, depth + 1)) {
                        out.position(mark);
                        return false;
                    }
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Only lists whose exact class a receiver would rebuild the same way as an {@code ArrayList}. */
    private static boolean isPlainList(List<?> list) {
        Class<?> c = list.getClass();
        return c == ArrayList.class || c.getName().startsWith("java.util.ImmutableCollections$List")
                || c.getName().equals("java.util.Arrays$ArrayList");
    }

    /** Reads an element count and checks that {@code bytesEach} bytes per element are left. */
    private static int count(ByteBuffer in, int bytesEach) {
        int n = in.getInt();
        if (n < 0 || (long) n * bytesEach > in.remaining()) {
            throw new SerializationException("corrupt serialized value: a length of " + n + " (x " + bytesEach
                    + " bytes) but only " + in.remaining() + " bytes are left");
        }
        return n;
    }

    private static Object readValue(ByteBuffer in, byte[] bytes, ClassLoader loader, int depth) {
        byte tag = in.get();
        return switch (tag) {
            case TAG_NULL -> null;
            case TAG_INT -> in.getInt();
            case TAG_LONG -> in.getLong();
            case TAG_DOUBLE -> Double.longBitsToDouble(in.getLong());
            case TAG_TRUE -> Boolean.TRUE;
            case TAG_FALSE -> Boolean.FALSE;
            case TAG_FLOAT -> Float.intBitsToFloat(in.getInt());
            case TAG_SHORT -> in.getShort();
            case TAG_BYTE -> in.get();
            case TAG_CHAR -> (char) in.getShort();
            case TAG_STRING -> {
                int n = count(in, 1);
                String s = new String(bytes, in.position(), n, StandardCharsets.UTF_8);
                in.position(in.position() + n);
                yield s;
            }
            case TAG_BYTES -> {
                byte[] b = new byte[count(in, 1)];
                in.get(b);
                yield b;
            }
            case TAG_INTS -> {
                int[] a = new int[count(in, Integer.BYTES)];
                in.asIntBuffer().get(a);
                in.position(in.position() + a.length * Integer.BYTES);
                yield a;
            }
            case TAG_LONGS -> {
                long[] a = new long[count(in, Long.BYTES)];
                in.asLongBuffer().get(a);
                in.position(in.position() + a.length * Long.BYTES);
                yield a;
            }
            case TAG_DOUBLES -> {
                double[] a = new double[count(in, Double.BYTES)];
                in.asDoubleBuffer().get(a);
                in.position(in.position() + a.length * Double.BYTES);
                yield a;
            }
            case TAG_LIST -> {
                if (depth >= MAX_FAST_DEPTH) {
                    throw new SerializationException("refused a serialized value: lists nested more than " + MAX_FAST_DEPTH
                            + " deep in the compact encoding, which this library never writes (corrupt or hostile data)");
                }
                int n = count(in, 1);
                ArrayList<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readValue(in, bytes, loader, depth + 1));
                }
                yield list;
            }
            case TAG_JDK -> readJdk(bytes, in.position(), loader);
            default -> throw new SerializationException("unknown serialization tag " + tag
                    + ": the peer uses a different serializer or the data is corrupt");
        };
    }

    // --- JDK serialization -------------------------------------------------------------------

    private static void writeJdk(Growable out, Object value, StreamObserver observer) {
        try (ObjectOutputStream oos = observer == null ? new ObjectOutputStream(out.asStream())
                : new ObservedObjectOutputStream(out.asStream(), observer)) {
            oos.writeObject(value);
        } catch (NotSerializableException | InvalidClassException e) {
            throw new SerializationException(SerializabilityInspector.explain(value, e), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + describe(value) + ": " + e, e);
        }
    }

    private static Object readJdk(byte[] bytes, int offset, ClassLoader loader) {
        SerialFilter.StreamFilter filter = Filter.INSTANCE.forStream(bytes.length - offset);
        try (ObjectInputStream ois = new LoaderObjectInputStream(
                new ByteArrayInputStream(bytes, offset, bytes.length - offset), loader)) {
            ois.setObjectInputFilter(filter);
            return ois.readObject();
        } catch (InvalidClassException e) {
            if (filter.refusal() != null) {
                throw new SerializationException("refused a serialized value: " + filter.refusal() + "; "
                        + Filter.INSTANCE.advice(), e);
            }
            throw new SerializationException("cannot deserialize: " + e, e);
        } catch (ClassNotFoundException e) {
            throw new SerializationException("class " + e.getMessage() + " is not on this process's class path;"
                    + " a worker JVM gets its parent's class path, and code that exists only in memory"
                    + " (JShell snippets, generated classes) reaches it only when classes are shipped by value,"
                    + " which -Dmp4j.shipClasses=false turns off", e);
        } catch (IOException e) {
            throw new SerializationException("cannot deserialize: " + e, e);
        }
    }

    static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    /** Reports what it writes to an observer; used to find classes a worker must be sent. */
    private static final class ObservedObjectOutputStream extends ObjectOutputStream {
        private final StreamObserver observer;

        ObservedObjectOutputStream(java.io.OutputStream out, StreamObserver observer) throws IOException {
            super(out);
            this.observer = observer;
            enableReplaceObject(true);
        }

        @Override
        protected void annotateClass(Class<?> cl) {
            observer.classWritten(cl);
        }

        @Override
        protected void annotateProxyClass(Class<?> cl) {
            for (Class<?> i : cl.getInterfaces()) {
                observer.classWritten(i);
            }
        }

        @Override
        protected Object replaceObject(Object obj) {
            observer.objectWritten(obj);
            return obj;
        }
    }

    /** Resolves classes through the given loader, so user classes load in workers and child loaders. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // primitives and bootstrap classes are resolved by the default below
                }
            }
            return super.resolveClass(desc);
        }
    }

    /** A byte array that grows; cheaper than ByteArrayOutputStream + DataOutputStream. */
    static final class Growable {
        private byte[] buf;
        private int pos;

        Growable(int capacity) {
            buf = new byte[capacity];
        }

        void reset() {
            pos = 0;
        }

        int position() {
            return pos;
        }

        void position(int p) {
            pos = p;
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                long want = Math.max((long) buf.length * 2, (long) pos + n);
                if (want > Integer.MAX_VALUE - 8) {
                    if ((long) pos + n > Integer.MAX_VALUE - 8) {
                        throw new SerializationException("serialized value exceeds 2 GiB");
                    }
                    want = Integer.MAX_VALUE - 8;
                }
                buf = java.util.Arrays.copyOf(buf, (int) want);
            }
        }

        void put(byte b) {
            ensure(1);
            buf[pos++] = b;
        }

        void put(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, pos, len);
            pos += len;
        }

        void putShort(short v) {
            ensure(2);
            buf[pos++] = (byte) (v >> 8);
            buf[pos++] = (byte) v;
        }

        void putInt(int v) {
            ensure(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        void putLong(long v) {
            putInt((int) (v >>> 32));
            putInt((int) v);
        }

        void putInts(int[] a) {
            ensure(a.length * 4);
            ByteBuffer.wrap(buf, pos, a.length * 4).asIntBuffer().put(a);
            pos += a.length * 4;
        }

        void putLongs(long[] a) {
            ensure(a.length * 8);
            ByteBuffer.wrap(buf, pos, a.length * 8).asLongBuffer().put(a);
            pos += a.length * 8;
        }

        void putDoubles(double[] a) {
            ensure(a.length * 8);
            ByteBuffer.wrap(buf, pos, a.length * 8).asDoubleBuffer().put(a);
            pos += a.length * 8;
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(buf, pos);
        }

        java.io.OutputStream asStream() {
            return new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    put((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    put(b, off, len);
                }
            };
        }
    }
}

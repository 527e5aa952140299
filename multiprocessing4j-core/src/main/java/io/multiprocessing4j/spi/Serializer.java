package io.multiprocessing4j.spi;

/**
 * Turns the objects that cross a process boundary (tasks, arguments, results, queue items) into
 * bytes and back.
 *
 * <p>The default, {@link #defaultSerializer()}, is JDK serialization guarded by an
 * {@link java.io.ObjectInputFilter}, with a compact fast path for {@code null}, boxed primitives,
 * {@code String}, {@code byte[]}, primitive arrays and lists of those. Other serializers (Kryo,
 * Fory) plug in here from their own modules.
 *
 * <p>Implementations must be thread-safe: the runtime calls them from several threads at once.
 * Both ends of a connection must use the same serializer.
 */
public interface Serializer {

    /**
     * Serializes {@code value}.
     *
     * @param value any object the serializer supports, {@code null} included
     * @return the encoded bytes
     * @throws SerializationException if {@code value}, or anything it refers to, cannot be encoded;
     *     the message names the class and the field path that failed
     */
    byte[] serialize(Object value);

    /**
     * Reads back a value written by {@link #serialize(Object)}.
     *
     * @param bytes the encoded bytes
     * @param loader the class loader that resolves the classes of the value
     * @return the decoded value
     * @throws SerializationException if the bytes are malformed or a class is missing or refused
     */
    Object deserialize(byte[] bytes, ClassLoader loader);

    /** The default serializer: JDK serialization with a fast path for common values. */
    static Serializer defaultSerializer() {
        return io.multiprocessing4j.internal.serial.DefaultSerializer.INSTANCE;
    }
}

package io.multiprocessing4j.internal.codeship;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * What a worker needs before it can read a value whose classes it lacks: class files, and the
 * values of the static fields the value's code reads. Immutable.
 *
 * <p>Implementation notes. The id is a digest of the content (class names and hashes, static
 * values), so submitting the same code with the same statics again yields the same shipment, and
 * a worker that has it is sent nothing more.
 *
 * @param id content digest; never 0
 * @param classes class files, each sent at most once per worker
 * @param statics static field values, applied in the worker before code of this shipment runs
 */
record Shipment(long id, List<ShippedClass> classes, List<StaticValue> statics) {

    /** A class file. {@code hash} is the first 8 bytes of its SHA-256. */
    record ShippedClass(String name, long hash, byte[] bytes) {
        static ShippedClass of(String name, byte[] bytes) {
            return new ShippedClass(name, Shipment.hash(bytes), bytes);
        }
    }

    /** A static field's value, serialized. */
    record StaticValue(String owner, String field, byte[] value) {
    }

    static Shipment of(List<ShippedClass> classes, List<StaticValue> statics) {
        MessageDigest d = sha256();
        ByteBuffer b = ByteBuffer.allocate(8);
        for (ShippedClass c : classes) {
            d.update(c.name().getBytes(StandardCharsets.UTF_8));
            d.update(b.clear().putLong(c.hash()).array());
        }
        for (StaticValue s : statics) {
            d.update((s.owner() + "#" + s.field()).getBytes(StandardCharsets.UTF_8));
            d.update(s.value());
        }
        long id = ByteBuffer.wrap(d.digest()).getLong();
        return new Shipment(id == 0 ? 1 : id, List.copyOf(classes), List.copyOf(statics));
    }

    long bytes() {
        long n = 0;
        for (ShippedClass c : classes) {
            n += c.bytes().length;
        }
        for (StaticValue s : statics) {
            n += s.value().length;
        }
        return n;
    }

    static long hash(byte[] bytes) {
        return ByteBuffer.wrap(sha256().digest(bytes)).getLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}

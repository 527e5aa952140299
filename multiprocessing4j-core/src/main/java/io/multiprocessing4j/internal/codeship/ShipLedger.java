package io.multiprocessing4j.internal.codeship;

import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameType;
import io.multiprocessing4j.spi.SerializationException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one worker JVM has been shipped: used by the sender to put a {@code DEFINE_CLASSES} frame
 * before the first frame that needs it, with the bytes of only the classes this worker lacks.
 * Thread-safe. One per worker connection.
 *
 * <p>{@code DEFINE_CLASSES} = {@code [int64 shipment id][int32 n]([utf name][int64 hash][int32 len, -1 when
 * sent before][bytes])*[int32 m]([utf owner][utf field][int32 len][value bytes])*}, where {@code utf} is
 * {@code [int32 len][UTF-8]}.
 */
public final class ShipLedger {
    private final Set<Long> shipments = new HashSet<>();
    private final Set<String> classes = new HashSet<>();

    /** Adds to {@code out} the frame {@code value} needs first, if it carries a shipment this worker lacks. */
    public void collect(byte[] value, List<Frame> out) {
        collect(CodeShip.shipmentOf(value), out);
    }

    /** Adds to {@code out} the frame for shipment {@code id} (0 means none), if this worker lacks it. */
    public synchronized void collect(long id, List<Frame> out) {
        if (id == 0 || shipments.contains(id)) {
            return;
        }
        Shipment s = CodeShip.Shipments.get(id);
        if (s == null) {
            throw new SerializationException("shipment " + Long.toHexString(id) + " is no longer held by this process"
                    + " (over 10000 distinct shipments were made since); submit the task again");
        }
        out.add(new Frame(FrameType.DEFINE_CLASSES, encode(s)));
        shipments.add(id);
    }

    private byte[] encode(Shipment s) {
        long size = 12;
        for (Shipment.ShippedClass c : s.classes()) {
            size += 4 + 3L * c.name().length() + 8 + 4 + (classes.contains(key(c)) ? 0 : c.bytes().length);
        }
        for (Shipment.StaticValue v : s.statics()) {
            size += 8 + 3L * (v.owner().length() + v.field().length()) + 4 + v.value().length;
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size));
        b.putLong(s.id()).putInt(s.classes().size());
        for (Shipment.ShippedClass c : s.classes()) {
            putUtf(b, c.name());
            b.putLong(c.hash());
            if (classes.add(key(c))) {
                b.putInt(c.bytes().length).put(c.bytes());
            } else {
                b.putInt(-1);
            }
        }
        b.putInt(s.statics().size());
        for (Shipment.StaticValue v : s.statics()) {
            putUtf(b, v.owner());
            putUtf(b, v.field());
            b.putInt(v.value().length).put(v.value());
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static String key(Shipment.ShippedClass c) {
        return c.name() + "#" + c.hash();
    }

    static void putUtf(ByteBuffer b, String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        b.putInt(u.length).put(u);
    }

    static String getUtf(ByteBuffer b) {
        byte[] u = new byte[b.getInt()];
        b.get(u);
        return new String(u, StandardCharsets.UTF_8);
    }
}

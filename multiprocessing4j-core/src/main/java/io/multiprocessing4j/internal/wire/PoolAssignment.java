package io.multiprocessing4j.internal.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a worker JVM is told when it becomes a pool worker.
 *
 * <p>Implementation notes. Encoded by hand, like {@link ProcessAssignment} and for the same reason
 * (it is decoded on the critical path of a pool's start, in a young JVM). Layout:
 * {@code [utf name][utf parentName][long parentPid][bytes initializer][bytes initArgument][utf
 * statusName][int workerId][bytes authkey]}, each {@code utf}/{@code bytes} an int length (-1 for
 * null) and that many bytes.
 *
 * @param name the worker's process name, e.g. {@code SpawnPoolWorker-3}
 * @param parentName the pool owner's process name
 * @param parentPid the pool owner's pid
 * @param initializer the serialized initializer ({@code SerializableRunnable} or
 *     {@code SerializableConsumer}), or null
 * @param initArgument the serialized initializer argument, or null
 * @param statusName the shared-memory file where the worker publishes what it is running
 * @param workerId the worker's id in {@code 0..workers-1}, what {@code PoolWorker.id()} returns
 * @param authkey the pool owner's authkey, which the worker inherits (Python's pool workers are
 *     processes of the owner), or null to keep the worker's own
 */
public record PoolAssignment(String name, String parentName, long parentPid, byte[] initializer,
                             byte[] initArgument, String statusName, int workerId, byte[] authkey) {

    /** An assignment that leaves the worker's authkey as it is. */
    public PoolAssignment(String name, String parentName, long parentPid, byte[] initializer,
                          byte[] initArgument, String statusName, int workerId) {
        this(name, parentName, parentPid, initializer, initArgument, statusName, workerId, null);
    }

    public byte[] encode() {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] p = parentName.getBytes(StandardCharsets.UTF_8);
        byte[] s = statusName.getBytes(StandardCharsets.UTF_8);
        int size = 4 + n.length + 4 + p.length + 8 + sizeOf(initializer) + sizeOf(initArgument) + 4 + s.length + 4
                + sizeOf(authkey);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(n.length).put(n).putInt(p.length).put(p).putLong(parentPid);
        put(b, initializer);
        put(b, initArgument);
        b.putInt(s.length).put(s);
        b.putInt(workerId);
        put(b, authkey);
        return b.array();
    }

    public static PoolAssignment decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        String name = new String(chunk(b), StandardCharsets.UTF_8);
        String parentName = new String(chunk(b), StandardCharsets.UTF_8);
        long parentPid = b.getLong();
        byte[] initializer = chunk(b);
        byte[] initArgument = chunk(b);
        String statusName = new String(chunk(b), StandardCharsets.UTF_8);
        int workerId = b.getInt();
        byte[] authkey = b.remaining() >= 4 ? chunk(b) : null;
        return new PoolAssignment(name, parentName, parentPid, initializer, initArgument, statusName, workerId, authkey);
    }

    private static int sizeOf(byte[] bytes) {
        return 4 + (bytes == null ? 0 : bytes.length);
    }

    private static void put(ByteBuffer b, byte[] bytes) {
        if (bytes == null) {
            b.putInt(-1);
        } else {
            b.putInt(bytes.length).put(bytes);
        }
    }

    private static byte[] chunk(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0) {
            return null;
        }
        byte[] out = new byte[length];
        b.get(out);
        return out;
    }
}

package io.multiprocessing4j.internal.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a worker JVM is told when it becomes a {@code ChildProcess}: its identity, its parent's,
 * and the serialized target (and argument, for a consumer target).
 *
 * <p>Implementation notes. Encoded by hand ({@link #encode()}, {@link #decode(byte[])}) rather than
 * with JDK serialization: decoding happens on the critical path of every process start, in a young
 * JVM where {@code ObjectInputStream} still runs interpreted and costs about a millisecond.
 * Layout: {@code [utf name][bool daemon][utf parentName][long parentPid][bytes target][bool
 * hasArgument][bytes argument, if any][int authkey length, -1 for none][authkey][int directTarget
 * length, -1 for none][directTarget]}, where {@code utf} and {@code bytes} are an int length followed
 * by that many bytes.
 *
 * @param authkey the child's {@code ChildProcess.authkey()}, or null to keep the worker's own
 * @param directTarget the target as the method it calls ({@link io.multiprocessing4j.internal.serial.LambdaCall}),
 *                     or null when it has no such form
 */
public record ProcessAssignment(String name, boolean daemon, String parentName, long parentPid,
                                byte[] target, byte[] argument, boolean hasArgument, byte[] authkey,
                                byte[] directTarget) {

    /** An assignment without a direct-call form of its target. */
    public ProcessAssignment(String name, boolean daemon, String parentName, long parentPid,
                             byte[] target, byte[] argument, boolean hasArgument, byte[] authkey) {
        this(name, daemon, parentName, parentPid, target, argument, hasArgument, authkey, null);
    }

    /** An assignment that leaves the worker's authkey as it is. */
    public ProcessAssignment(String name, boolean daemon, String parentName, long parentPid,
                             byte[] target, byte[] argument, boolean hasArgument) {
        this(name, daemon, parentName, parentPid, target, argument, hasArgument, null, null);
    }

    public byte[] encode() {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] p = parentName.getBytes(StandardCharsets.UTF_8);
        int size = 4 + n.length + 1 + 4 + p.length + 8 + 4 + target.length + 1 + (hasArgument ? 4 + argument.length : 0)
                + 4 + (authkey == null ? 0 : authkey.length) + 4 + (directTarget == null ? 0 : directTarget.length);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(n.length).put(n).put((byte) (daemon ? 1 : 0)).putInt(p.length).put(p).putLong(parentPid);
        b.putInt(target.length).put(target).put((byte) (hasArgument ? 1 : 0));
        if (hasArgument) {
            b.putInt(argument.length).put(argument);
        }
        if (authkey == null) {
            b.putInt(-1);
        } else {
            b.putInt(authkey.length).put(authkey);
        }
        if (directTarget == null) {
            b.putInt(-1);
        } else {
            b.putInt(directTarget.length).put(directTarget);
        }
        return b.array();
    }

    public static ProcessAssignment decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        String name = new String(chunk(b), StandardCharsets.UTF_8);
        boolean daemon = b.get() != 0;
        String parentName = new String(chunk(b), StandardCharsets.UTF_8);
        long parentPid = b.getLong();
        byte[] target = chunk(b);
        boolean hasArgument = b.get() != 0;
        byte[] argument = hasArgument ? chunk(b) : null;
        byte[] authkey = null;
        if (b.remaining() >= 4) {
            int length = b.getInt();
            if (length >= 0) {
                authkey = new byte[length];
                b.get(authkey);
            }
        }
        byte[] direct = null;
        if (b.remaining() >= 4) {
            int length = b.getInt();
            if (length >= 0) {
                direct = new byte[length];
                b.get(direct);
            }
        }
        return new ProcessAssignment(name, daemon, parentName, parentPid, target, argument, hasArgument, authkey, direct);
    }

    private static byte[] chunk(ByteBuffer b) {
        byte[] out = new byte[b.getInt()];
        b.get(out);
        return out;
    }
}

package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.internal.codeship.CodeShip;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A task function with the id under which workers cache it. The same function object passed to
 * many calls keeps one id, so a worker receives it once ({@code DEFINE_FUNCTION}) and every later
 * task carries only its argument.
 *
 * @param id the cache id, unique in this process
 * @param function the function object
 * @param bytes its serialized form (null in the thread context, which passes objects by reference)
 * @param direct the method a lambda calls ({@link io.multiprocessing4j.internal.serial.LambdaCall}),
 *               which a new worker can call before the lambda is deserialized; null if none
 */
record FunctionRef(long id, Object function, byte[] bytes, byte[] direct) {
    private static final AtomicLong IDS = new AtomicLong(1);
    private static final Map<Object, FunctionRef> CACHE = new IdentityHashMap<>();
    private static final int CACHE_LIMIT = 4096;

    /** Serializes in the caller's thread, so an unserializable function fails where it was passed. */
    static FunctionRef of(Object function, boolean serialize) {
        synchronized (CACHE) {
            FunctionRef ref = CACHE.get(function);
            if (ref != null && (!serialize || ref.bytes() != null) && CodeShip.shipmentOf(ref.bytes()) == 0) {
                return ref;
            }
        }
        // a function that ships classes is serialized again on every call: a JShell snippet it uses
        // may have been redefined, or a static it reads changed; same content keeps the same id
        byte[] bytes = serialize ? CodeShip.serialize(function) : null;
        synchronized (CACHE) {
            FunctionRef ref = CACHE.get(function);
            if (ref != null && ref.bytes() != null && java.util.Arrays.equals(ref.bytes(), bytes)) {
                return ref;
            }
        }
        byte[] direct = bytes != null && CodeShip.shipmentOf(bytes) == 0
                ? io.multiprocessing4j.internal.serial.LambdaCall.encode(function) : null;
        // its DEFINE_FUNCTION frame: the id, the direct form, then the bytes; refused here so only this call fails
        if (bytes != null && 8L + 4 + (direct == null ? 0 : direct.length) + bytes.length + 1
                > io.multiprocessing4j.internal.wire.FrameChannel.MAX_FRAME_BYTES) {
            throw new io.multiprocessing4j.connection.FrameTooLargeException(
                    "the task function (with what it captures)", 8L + bytes.length,
                    io.multiprocessing4j.internal.wire.FrameChannel.MAX_FRAME_BYTES);
        }
        FunctionRef ref = new FunctionRef(IDS.getAndIncrement(), function, bytes, direct);
        synchronized (CACHE) {
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.put(function, ref);
        }
        return ref;
    }
}

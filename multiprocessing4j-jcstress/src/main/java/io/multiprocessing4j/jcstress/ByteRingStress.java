package io.multiprocessing4j.jcstress;

import io.multiprocessing4j.internal.ipc.ByteRing;
import io.multiprocessing4j.internal.ipc.Waiting;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;

/**
 * One producer, one consumer on a {@link ByteRing}: a consumer that sees the producer's published
 * head sees the whole frame (header and payload) it covers, never stale bytes. The ring is
 * prepared so that the frame wraps around the end of the data area, header included.
 */
@JCStressTest
@Outcome(id = "0, 0, 0", expect = Expect.ACCEPTABLE, desc = "the consumer looked before the frame was published")
@Outcome(id = "13, 8, 1", expect = Expect.ACCEPTABLE, desc = "the whole frame: 5 header bytes and 8 intact payload bytes")
@Outcome(expect = Expect.FORBIDDEN, desc = "the head was visible before the bytes it covers")
@State
public class ByteRingStress {
    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5, 6, 7, 8};
    private final ByteRing ring;

    public ByteRingStress() {
        ring = new ByteRing(Arena.ofAuto().allocate(ByteRing.size(64), 64), 0, 64);
        try {
            // move both positions to 62 of 64: the next frame's length straddles the end
            ring.writeFrame((byte) 0, new byte[57], 0, 57, Waiting.Guard.NONE);
            ring.skipHeader();
            ring.readFully(new byte[57], 0, 57, Waiting.Guard.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Actor
    public void producer() {
        try {
            ring.writeFrame((byte) 7, PAYLOAD, 0, PAYLOAD.length, Waiting.Guard.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Actor
    public void consumer(III_Result r) {
        long available = ring.available();
        if (available == 0) {
            return; // 0, 0, 0
        }
        r.r1 = (int) available;
        if (available < ByteRing.FRAME_HEADER) {
            return;
        }
        int length = ring.peekLength();
        r.r2 = length;
        if (length != PAYLOAD.length || ring.peekType() != 7 || available < ByteRing.FRAME_HEADER + length) {
            return;
        }
        ring.skipHeader();
        byte[] got = new byte[length];
        try {
            ring.readFully(got, 0, length, Waiting.Guard.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        r.r3 = java.util.Arrays.equals(got, PAYLOAD) ? 1 : 0;
    }
}

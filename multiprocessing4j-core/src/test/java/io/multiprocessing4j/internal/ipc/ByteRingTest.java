package io.multiprocessing4j.internal.ipc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ByteRingTest {
    private static final Waiting.Guard NONE = Waiting.Guard.NONE;

    private static ByteRing ring(Arena arena, long capacity) {
        MemorySegment seg = arena.allocate(ByteRing.size(capacity), 64);
        return new ByteRing(seg, 0, capacity);
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static byte[] readFrame(ByteRing r, byte expectedType) throws Exception {
        assertThat(r.awaitReadable(ByteRing.FRAME_HEADER, Waiting.FOREVER, NONE)).isTrue();
        int n = r.peekLength();
        assertThat(r.peekType()).isEqualTo(expectedType);
        r.skipHeader();
        byte[] b = new byte[n];
        r.readFully(b, 0, n, NONE);
        return b;
    }

    @Test
    void framesComeOutInOrderWithTheirTypeAndLength() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            ByteRing r = ring(arena, 4096);
            r.writeFrame((byte) 1, pattern(10, 1), 0, 10, NONE);
            r.writeFrame((byte) 2, pattern(0, 0), 0, 0, NONE);
            r.writeFrame((byte) 3, pattern(100, 3), 50, 20, NONE);
            assertThat(readFrame(r, (byte) 1)).isEqualTo(pattern(10, 1));
            assertThat(readFrame(r, (byte) 2)).isEmpty();
            assertThat(readFrame(r, (byte) 3)).isEqualTo(Arrays.copyOfRange(pattern(100, 3), 50, 70));
            assertThat(r.available()).isZero();
        }
    }

    @Test
    void aFrameHeaderAndPayloadSplitAcrossTheEndOfTheRingReadBackWhole() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            ByteRing r = ring(arena, 64);
            // 62 bytes in and out: the next header starts 2 bytes before the end, its length wraps
            r.writeFrame((byte) 0, pattern(57, 0), 0, 57, NONE);
            readFrame(r, (byte) 0);
            r.writeFrame((byte) 7, pattern(40, 9), 0, 40, NONE);
            assertThat(readFrame(r, (byte) 7)).isEqualTo(pattern(40, 9));
        }
    }

    @Test
    void aFrameLargerThanTheRingStreamsToAConcurrentReader() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            ByteRing r = ring(arena, 1024);
            byte[] big = pattern(1_000_000, 5);
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
                try {
                    return readFrame(r, (byte) 4);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            r.writeFrame((byte) 4, big, 0, big.length, NONE);
            assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo(big);
        }
    }

    @Test
    void oneProducerAndOneConsumerPassManyFramesIntactAndInOrder() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            ByteRing r = ring(arena, 256);
            int frames = 20_000;
            CompletableFuture<Void> consumer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < frames; i++) {
                        byte[] b = readFrame(r, (byte) (i % 100));
                        assertThat(b).isEqualTo(pattern(i % 97, i));
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            for (int i = 0; i < frames; i++) {
                byte[] b = pattern(i % 97, i);
                r.writeFrame((byte) (i % 100), b, 0, b.length, NONE);
            }
            consumer.get(60, TimeUnit.SECONDS);
            assertThat(r.available()).isZero();
        }
    }

    @Test
    void waitingForBytesTimesOutWhenNothingIsWritten() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            ByteRing r = ring(arena, 64);
            assertThat(r.awaitReadable(1, Waiting.deadline(20_000_000L), NONE)).isFalse();
        }
    }

    @Test
    void aGuardThatGivesUpEndsTheWaitWithItsException() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            ByteRing r = ring(arena, 64);
            assertThatThrownBy(() -> r.awaitReadable(1, Waiting.FOREVER, thorough -> {
                throw new IOException("peer gone");
            })).isInstanceOf(IOException.class).hasMessage("peer gone");
            r.writeFrame((byte) 0, pattern(59, 0), 0, 59, NONE); // the ring is now full
            assertThatThrownBy(() -> r.writeFrame((byte) 0, pattern(1, 0), 0, 1, thorough -> {
                throw new IOException("nobody reads");
            })).isInstanceOf(IOException.class).hasMessage("nobody reads");
        }
    }

    @Test
    void aCapacityThatIsNoPowerOfTwoIsRefused() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(ByteRing.size(100), 64);
            assertThatThrownBy(() -> new ByteRing(seg, 0, 100)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("power of two");
        }
    }
}

package io.multiprocessing4j.internal.ipc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShmQueueTest {
    private static final Waiting.Guard NONE = Waiting.Guard.NONE;
    private static final long SMALL_RING = 4096;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 13 + seed);
        }
        b[0] = 99; // no serializer tag for byte[]: taken back as serialized bytes
        return b;
    }

    private static long soon() {
        return Waiting.deadline(20, TimeUnit.MILLISECONDS);
    }

    @Test
    void itemsComeOutFirstInFirstOut() throws Exception {
        try (ShmQueue q = ShmQueue.create(0, SMALL_RING, 1 << 20)) {
            for (int i = 1; i <= 50; i++) {
                assertThat(q.put(bytes(i, i), Waiting.FOREVER, NONE)).isTrue();
            }
            assertThat(q.size()).isEqualTo(50);
            for (int i = 1; i <= 50; i++) {
                assertThat((byte[]) q.take(Waiting.FOREVER, NONE)).isEqualTo(bytes(i, i));
            }
            assertThat(q.size()).isZero();
        }
    }

    @Test
    void recordsWrapAroundTheEndOfTheRing() throws Exception {
        try (ShmQueue q = ShmQueue.create(0, SMALL_RING, 1 << 20)) {
            for (int round = 0; round < 200; round++) {
                byte[] item = bytes(300 + round % 7, round);
                q.put(item, Waiting.FOREVER, NONE);
                assertThat((byte[]) q.take(Waiting.FOREVER, NONE)).isEqualTo(item);
            }
        }
    }

    @Test
    void aByteArrayItemTravelsRawWithoutTheSerializer() throws Exception {
        try (ShmQueue q = ShmQueue.create(0, SMALL_RING, 1 << 20)) {
            q.putBytesItem(new byte[] {1, 2, 3}, Waiting.FOREVER, NONE);
            assertThat(q.peek()).isInstanceOfSatisfying(ShmQueue.Raw.class,
                    r -> assertThat(r.bytes()).containsExactly(1, 2, 3));
            assertThat(q.size()).isEqualTo(1);
            assertThat(q.take(Waiting.FOREVER, NONE)).isInstanceOfSatisfying(ShmQueue.Raw.class,
                    r -> assertThat(r.bytes()).containsExactly(1, 2, 3));
        }
    }

    @Test
    void anItemLargerThanTheInlineLimitSpillsToItsOwnFileWhichTheTakerUnlinks() throws Exception {
        try (ShmQueue q = ShmQueue.create(0, SMALL_RING, 1 << 20)) {
            byte[] big = bytes(100_000, 3); // inline limit: a quarter of the ring
            q.put(big, Waiting.FOREVER, NONE);
            long spilled;
            try (var files = Files.list(ShmFile.DIR)) {
                spilled = files.filter(p -> p.getFileName().toString().startsWith(q.name() + "-item-")).count();
            }
            assertThat(spilled).isEqualTo(1);
            assertThat((byte[]) q.take(Waiting.FOREVER, NONE)).isEqualTo(big);
            try (var files = Files.list(ShmFile.DIR)) {
                assertThat(files.filter(p -> p.getFileName().toString().startsWith(q.name() + "-item-"))).isEmpty();
            }
        }
    }

    @Test
    void aFullQueueMakesPutWaitUntilATakeMakesRoom() throws Exception {
        try (ShmQueue q = ShmQueue.create(2, SMALL_RING, 1 << 20)) {
            q.put(bytes(4, 1), Waiting.FOREVER, NONE);
            q.put(bytes(4, 2), Waiting.FOREVER, NONE);
            assertThat(q.put(bytes(4, 3), soon(), NONE)).isFalse();
            CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> {
                try {
                    return q.put(bytes(4, 3), Waiting.FOREVER, NONE);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat((byte[]) q.take(Waiting.FOREVER, NONE)).isEqualTo(bytes(4, 1));
            assertThat(third.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(q.size()).isEqualTo(2);
        }
    }

    @Test
    void takeFromAnEmptyQueueTimesOutWithNullAndWakesForAPut() throws Exception {
        try (ShmQueue q = ShmQueue.create(0, SMALL_RING, 1 << 20)) {
            assertThat(q.take(soon(), NONE)).isNull();
            assertThat(q.peek()).isNull();
            CompletableFuture<Object> taker = CompletableFuture.supplyAsync(() -> {
                try {
                    return q.take(Waiting.FOREVER, NONE);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            q.put(bytes(8, 8), Waiting.FOREVER, NONE);
            assertThat((byte[]) taker.get(30, TimeUnit.SECONDS)).isEqualTo(bytes(8, 8));
        }
    }

    @Test
    void joinWaitsUntilEveryItemIsMarkedDone() throws Exception {
        try (ShmQueue q = ShmQueue.create(0, SMALL_RING, 1 << 20)) {
            q.put(bytes(4, 1), Waiting.FOREVER, NONE);
            q.put(bytes(4, 2), Waiting.FOREVER, NONE);
            assertThat(q.unfinished()).isEqualTo(2);
            assertThat(q.join(soon(), NONE)).isFalse();
            q.take(Waiting.FOREVER, NONE);
            q.taskDone();
            q.take(Waiting.FOREVER, NONE);
            q.taskDone();
            assertThat(q.join(Waiting.FOREVER, NONE)).isTrue();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("more times than there were items");
        }
    }

    @Test
    void anItemOverTheMaximumIsRefusedBeforeAnythingIsWritten() throws Exception {
        try (ShmQueue q = ShmQueue.create(0, SMALL_RING, 100)) {
            assertThatThrownBy(() -> q.put(bytes(101, 0), Waiting.FOREVER, NONE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum of 100 bytes");
            assertThat(q.size()).isZero();
        }
    }

    @Test
    void aSecondHandleAttachedByNameSeesTheSameItemsAndTheLastCloseUnlinks() throws Exception {
        ShmQueue q = ShmQueue.create(0, SMALL_RING, 1 << 20);
        q.sending(); // as when the handle is serialized for another process
        ShmQueue other = ShmQueue.attach(q.name());
        q.put(bytes(5, 5), Waiting.FOREVER, NONE);
        assertThat((byte[]) other.take(Waiting.FOREVER, NONE)).isEqualTo(bytes(5, 5));
        q.close();
        assertThat(ShmFile.DIR.resolve(q.name())).exists();
        assertThatThrownBy(() -> q.put(bytes(1, 1), Waiting.FOREVER, NONE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        other.close();
        assertThat(ShmFile.DIR.resolve(q.name())).doesNotExist();
    }

    @Test
    void aLockHolderThatDiedIsRecoveredByTheNextOperation() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        try (ShmQueue q = ShmQueue.create(0, SMALL_RING, 1 << 20)) {
            q.put(bytes(4, 4), Waiting.FOREVER, NONE);
            try (ShmFile f = ShmFile.attach(q.name())) {
                // a process that died holding the queue's lock, before committing anything
                ValueLayout.JAVA_INT.varHandle().setVolatile(f.segment(), ShmQueue.OFF_LOCK, (int) p.pid());
            }
            assertThat((byte[]) q.take(Waiting.FOREVER, NONE)).isEqualTo(bytes(4, 4));
            assertThat(q.recoveries()).isEqualTo(1);
        }
    }
}

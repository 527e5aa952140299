package io.multiprocessing4j.shared;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every context's shared memory, values and arrays must do. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SharedContract {

    abstract MpContext context();

    static void joinAllOk(List<ChildProcess> ps) throws InterruptedException {
        for (ChildProcess p : ps) {
            p.join();
        }
        for (ChildProcess p : ps) {
            assertThat(p.exitCode()).as("exit code of %s", p.name()).isZero();
        }
    }

    @Test
    void childWritesWhatTheParentReadsThroughANamedSegment() throws Exception {
        SharedMemory shm = context().sharedMemory(1 << 16);
        try {
            ChildProcess p = context().process((SharedMemory s) -> {
                for (int i = 0; i < 1000; i++) {
                    s.segment().setAtIndex(ValueLayout.JAVA_LONG, i, i * 3L);
                }
                s.buffer().put(60_000, (byte) 7);
            }, shm).start();
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(shm.segment().getAtIndex(ValueLayout.JAVA_LONG, 999)).isEqualTo(2997L);
            try (SharedMemory again = SharedMemory.attach(shm.name())) {
                assertThat(again.size()).isEqualTo(1 << 16);
                assertThat(again.buffer().get(60_000)).isEqualTo((byte) 7);
            }
        } finally {
            shm.close();
            shm.unlink();
        }
    }

    @Test
    void badInputGetsClearExceptions() throws Exception {
        assertThatThrownBy(() -> context().sharedMemory(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> context().sharedMemory(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedMemory.attach("mp4j-no-such-segment")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no shared memory named");
        assertThatThrownBy(() -> context().sharedMemory(Long.MAX_VALUE / 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("free");
        assertThatThrownBy(() -> SharedMemory.attach("a/b")).isInstanceOf(IllegalArgumentException.class);
        java.nio.file.Path foreign = java.nio.file.Files.write(java.nio.file.Path.of("/dev/shm",
                "mp4j-" + ProcessHandle.current().pid() + "-foreign"), new byte[8192]);
        try {
            assertThatThrownBy(() -> SharedMemory.attach(foreign.getFileName().toString()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a multiprocessing4j");
        } finally {
            java.nio.file.Files.delete(foreign);
        }
        SharedMemory shm = context().sharedMemory(64);
        try {
            assertThatThrownBy(() -> shm.segment().get(ValueLayout.JAVA_LONG, 64)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> SharedMemory.create(shm.name(), 64)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("already exists");
            shm.close();
            assertThatThrownBy(shm::segment).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        } finally {
            shm.unlink();
        }
        assertThatThrownBy(() -> context().sharedIntArray(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    record Workers(SharedLong atomic, SharedLong locked, int times) implements java.io.Serializable {
    }

    @Test
    void atomicAndLockedCountersAreExactAcrossProcesses() throws Exception {
        try (SharedLong atomic = context().sharedLong(0); SharedLong locked = context().sharedLong(5)) {
            List<ChildProcess> ps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ps.add(context().process((Workers w) -> {
                    for (int k = 0; k < w.times(); k++) {
                        w.atomic().incrementAndGet();
                        w.locked().getLock().lock();
                        try {
                            w.locked().set(w.locked().get() + 1);
                        } finally {
                            w.locked().getLock().unlock();
                        }
                    }
                }, new Workers(atomic, locked, 20_000)).start());
            }
            joinAllOk(ps);
            assertThat(atomic.get()).isEqualTo(40_000);
            assertThat(locked.get()).isEqualTo(40_005);
            assertThat(atomic.compareAndSet(40_000, 1)).isTrue();
            assertThat(atomic.compareAndSet(40_000, 2)).isFalse();
            assertThat(atomic.addAndGet(9)).isEqualTo(10);
        }
    }

    @Test
    void valuesOfEveryTypeKeepTheirValue() {
        try (SharedInt i = context().sharedInt(7); SharedDouble d = context().sharedDouble(1.5);
             SharedDouble raw = context().rawSharedDouble(0)) {
            assertThat(i.incrementAndGet()).isEqualTo(8);
            assertThat(i.getAndAdd(2)).isEqualTo(8);
            assertThat(d.addAndGet(1.25)).isEqualTo(2.75);
            assertThat(d.compareAndSet(2.75, Double.NaN)).isTrue();
            assertThat(d.compareAndSet(Double.NaN, -0.0)).isTrue();
            assertThat(raw.isSynchronized()).isFalse();
            assertThatThrownBy(raw::getLock).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("raw");
        }
    }

    @Test
    void arraysCopyInBulkAndCheckTheirBounds() throws Exception {
        try (SharedDoubleArray a = context().sharedDoubleArray(1000); SharedIntArray ints = context().rawSharedIntArray(4);
             SharedByteArray bytes = context().sharedByteArray(3); SharedLongArray longs = context().sharedLongArray(2)) {
            double[] src = new double[1000];
            for (int i = 0; i < src.length; i++) {
                src[i] = i / 2.0;
            }
            a.copyFrom(src);
            ChildProcess p = context().process((SharedDoubleArray x) -> {
                double s = 0;
                for (int i = 0; i < x.length(); i++) {
                    s += x.get(i);
                }
                x.set(0, s);
                x.addAndGet(1, 1.0);
            }, a).start();
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(a.get(0)).isEqualTo(249_750.0);
            assertThat(a.get(1)).isEqualTo(1.5);
            double[] back = new double[3];
            a.copyTo(2, back, 0, 3);
            assertThat(back).containsExactly(1.0, 1.5, 2.0);
            assertThatThrownBy(() -> a.get(1000)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("1000");
            assertThatThrownBy(() -> a.copyFrom(src, 0, 1, 1000)).isInstanceOf(IndexOutOfBoundsException.class);
            ints.copyFrom(new int[] {1, 2, 3, 4});
            assertThat(ints.incrementAndGet(3)).isEqualTo(5);
            assertThat(ints.compareAndSet(0, 1, 9)).isTrue();
            assertThat(ints.toArray()).containsExactly(9, 2, 3, 5);
            bytes.copyFrom(new byte[] {1, 0, -1});
            assertThat(bytes.toArray()).containsExactly(1, 0, -1);
            assertThat(longs.addAndGet(1, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void shareableListIsSeenByAnotherProcess() throws Exception {
        ShareableList list = context().shareableList(List.of(1, "two", 3.0));
        try {
            ChildProcess p = context().process((ShareableList l) -> {
                if (!l.get(1).equals("two")) {
                    throw new AssertionError(l.get(1));
                }
                l.set(1, "deux\0");
                l.set(0, 10L);
            }, list).start();
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(list.get(0)).isEqualTo(10L);
            assertThat(list.get(1)).isEqualTo("deux\0");
        } finally {
            list.close();
            list.unlink();
        }
    }
}

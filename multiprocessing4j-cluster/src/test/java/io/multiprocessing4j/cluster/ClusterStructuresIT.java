package io.multiprocessing4j.cluster;

import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.queue.ProcessQueue;
import io.multiprocessing4j.shared.SharedInt;
import io.multiprocessing4j.shared.SharedLong;
import io.multiprocessing4j.sync.ProcessLock;
import io.multiprocessing4j.sync.ProcessRLock;
import io.multiprocessing4j.sync.ProcessSemaphore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster context's queues, locks and shared values used across nodes, as the spawn context's are. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterStructuresIT {
    static ClusterContext ctx;

    @BeforeAll
    static void startCluster() {
        ctx = SharedCluster.context();
    }

    record Counter(ProcessLock lock, SharedInt plain, SharedLong atomic, int times) implements Serializable {
    }

    @Test
    void aLockAndAnAtomicCounterAreExactAcrossNodes() throws Exception {
        ProcessLock lock = ctx.lock();
        SharedInt plain = ctx.rawSharedInt(0);
        SharedLong atomic = ctx.sharedLong(0);
        List<ChildProcess> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(ctx.process((Counter c) -> {
                for (int k = 0; k < c.times(); k++) {
                    c.lock().lock();
                    try {
                        c.plain().set(c.plain().get() + 1); // a read-modify-write only the lock makes exact
                    } finally {
                        c.lock().unlock();
                    }
                    c.atomic().incrementAndGet();
                }
            }, new Counter(lock, plain, atomic, 300)).start());
        }
        for (ChildProcess p : ps) {
            p.join();
            assertThat(p.exitCode()).isZero();
        }
        assertThat(plain.get()).isEqualTo(600);
        assertThat(atomic.get()).isEqualTo(600);
        assertThat(lock.isLocked()).isFalse();
        assertThat(lock.lastOwnerDied()).isFalse();
    }

    @Test
    void poolTasksReachTheSameQueueAndCounterAsTheProgram() throws Exception {
        ProcessQueue<Integer> out = ctx.queue();
        SharedLong seen = ctx.rawSharedLong(0);
        try (Pool pool = ctx.pool(2)) {
            List<Integer> r = pool.map((Integer x) -> {
                out.put(x * 10);
                seen.addAndGet(x);
                return x;
            }, IntStream.range(0, 40).boxed().toList(), 5);
            assertThat(r).hasSize(40);
        }
        List<Integer> got = new ArrayList<>();
        out.drainTo(got);
        assertThat(got).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 40).map(x -> x * 10).boxed().toList());
        assertThat(seen.get()).isEqualTo(39L * 40 / 2);
    }

    @Test
    void sharedValuesKeepTheirLockAndTheRLockCountsHolds() throws Exception {
        SharedInt v = ctx.sharedInt(1);
        ProcessRLock l = v.getLock();
        l.lock();
        l.lock();
        assertThat(l.holdCount()).isEqualTo(2);
        ChildProcess p = ctx.process((SharedInt s) -> {
            if (s.getLock().tryLock(java.time.Duration.ofMillis(50))) {
                throw new AssertionError("took a lock held by the program");
            }
        }, v).start();
        p.join();
        assertThat(p.exitCode()).isZero();
        l.unlock();
        l.unlock();
        assertThat(l.isLocked()).isFalse();
        assertThat(v.compareAndSet(1, Integer.MIN_VALUE)).isTrue();
        assertThat(v.decrementAndGet()).isEqualTo(Integer.MAX_VALUE); // int wrap-around, as in shared memory
        assertThat(v.compareAndSet(Integer.MAX_VALUE, 3)).isTrue();
    }

    @Test
    void aSemaphoreLimitsHoldersOnEveryNode() throws Exception {
        ProcessSemaphore sem = ctx.semaphore(1);
        SharedInt inside = ctx.rawSharedInt(0);
        SharedInt most = ctx.rawSharedInt(0);
        List<ChildProcess> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(ctx.process(() -> {
                for (int k = 0; k < 20; k++) {
                    sem.acquire();
                    try {
                        int n = inside.incrementAndGet();
                        most.getAndSet(Math.max(most.get(), n));
                        inside.decrementAndGet();
                    } finally {
                        sem.release();
                    }
                }
            }).start());
        }
        for (ChildProcess p : ps) {
            p.join();
            assertThat(p.exitCode()).isZero();
        }
        assertThat(most.get()).isEqualTo(1);
        assertThat(sem.availablePermits()).isEqualTo(1);
    }

    @Test
    void typesAClusterCannotOfferNameTheMethodAndTheAlternative() {
        assertThatThrownBy(() -> ctx.condition(ctx.lock())).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("condition(lock)").hasMessageContaining("ProcessEvent");
        assertThatThrownBy(() -> ctx.lock().newCondition()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("newCondition()");
        assertThatThrownBy(() -> ctx.shareableList(List.of(1))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("shareableList(values)").hasMessageContaining("dict()");
        assertThatThrownBy(() -> ctx.rawSharedByteArray(2)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("rawSharedByteArray(length)").hasMessageContaining("dict");
        assertThatThrownBy(() -> ctx.pipe(false)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("pipe(duplex)").hasMessageContaining("ctx.queue()");
        assertThatThrownBy(() -> ctx.queue(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxsize");
        assertThatThrownBy(() -> ctx.semaphore(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ctx.barrier(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

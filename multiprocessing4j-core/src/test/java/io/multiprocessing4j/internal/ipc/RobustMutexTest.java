package io.multiprocessing4j.internal.ipc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RobustMutexTest {

    private static MemorySegment mutex(Arena arena) {
        return arena.allocate(RobustMutex.BYTES + 8, 64);
    }

    /** A pid that belonged to a process which has exited and been reaped. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void theHolderIsThisProcessAndThreadUntilItReleases() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment s = mutex(arena);
            assertThat(RobustMutex.acquire(s, 0, Waiting.FOREVER, false)).isEqualTo(RobustMutex.Outcome.ACQUIRED);
            assertThat(RobustMutex.isLocked(s, 0)).isTrue();
            assertThat(RobustMutex.holderPid(s, 0)).isEqualTo((int) Pids.SELF);
            assertThat(RobustMutex.heldByCurrentThread(s, 0)).isTrue();
            assertThat(RobustMutex.holdCount(s, 0)).isEqualTo(1);
            RobustMutex.release(s, 0, "the test mutex");
            assertThat(RobustMutex.isLocked(s, 0)).isFalse();
            assertThat(RobustMutex.heldByCurrentThread(s, 0)).isFalse();
        }
    }

    @Test
    void tryAcquireFailsWhileAnotherThreadHoldsIt() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment s = mutex(arena);
            CompletableFuture.runAsync(() -> assertThat(RobustMutex.tryAcquire(s, 0)).isTrue()).get();
            assertThat(RobustMutex.tryAcquire(s, 0)).isFalse();
            assertThat(RobustMutex.heldByCurrentThread(s, 0)).isFalse();
        }
    }

    @Test
    void aTimedAcquisitionOfAHeldMutexTimesOut() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment s = mutex(arena);
            CompletableFuture.runAsync(() -> RobustMutex.tryAcquire(s, 0)).get();
            long start = System.nanoTime();
            assertThat(RobustMutex.acquire(s, 0, Waiting.deadline(30, TimeUnit.MILLISECONDS), true))
                    .isEqualTo(RobustMutex.Outcome.TIMED_OUT);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
        }
    }

    @Test
    void releasingAMutexThisThreadDoesNotHoldIsRefusedWithWhoHoldsIt() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment s = mutex(arena);
            assertThatThrownBy(() -> RobustMutex.release(s, 0, "lock X")).isInstanceOf(IllegalMonitorStateException.class)
                    .hasMessageContaining("cannot unlock lock X").hasMessageContaining("it is not held");
            CompletableFuture.runAsync(() -> RobustMutex.tryAcquire(s, 0)).get();
            assertThatThrownBy(() -> RobustMutex.release(s, 0, "lock X")).isInstanceOf(IllegalMonitorStateException.class)
                    .hasMessageContaining("another thread of this process");
            assertThat(RobustMutex.isLocked(s, 0)).isTrue();
        }
    }

    @Test
    void aMutexWhoseHolderDiedIsTakenOverAndSaysSo() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment s = mutex(arena);
            s.set(ValueLayout.JAVA_INT, 0, (int) deadPid()); // a holder that died holding it
            assertThat(RobustMutex.acquire(s, 0, Waiting.deadline(30, TimeUnit.SECONDS), false))
                    .isEqualTo(RobustMutex.Outcome.ACQUIRED_OWNER_DIED);
            assertThat(RobustMutex.lastOwnerDied(s, 0)).isTrue();
            assertThat(RobustMutex.heldByCurrentThread(s, 0)).isTrue();
            RobustMutex.release(s, 0, "the test mutex");
            assertThat(RobustMutex.acquire(s, 0, Waiting.FOREVER, false)).isEqualTo(RobustMutex.Outcome.ACQUIRED);
            assertThat(RobustMutex.lastOwnerDied(s, 0)).isFalse();
        }
    }

    @Test
    void anInterruptibleWaiterLeavesWhenInterrupted() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment s = mutex(arena);
            assertThat(RobustMutex.tryAcquire(s, 0)).isTrue();
            CountDownLatch waiting = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> {
                waiting.countDown();
                try {
                    RobustMutex.acquire(s, 0, Waiting.FOREVER, true);
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            waiting.await();
            t.interrupt();
            assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            t.join();
            RobustMutex.release(s, 0, "the test mutex");
        }
    }

    @Test
    void threadsThatContendNeverOverlapInTheCriticalSection() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment s = mutex(arena);
            long counter = RobustMutex.BYTES; // a plain long guarded by the mutex
            int threads = 4;
            int rounds = 20_000;
            List<Thread> all = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                all.add(Thread.ofPlatform().start(() -> {
                    for (int k = 0; k < rounds; k++) {
                        try {
                            RobustMutex.acquire(s, 0, Waiting.FOREVER, false);
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                        long v = s.get(ValueLayout.JAVA_LONG, counter);
                        s.set(ValueLayout.JAVA_LONG, counter, v + 1);
                        RobustMutex.release(s, 0, "the test mutex");
                    }
                }));
            }
            for (Thread t : all) {
                t.join();
            }
            assertThat(s.get(ValueLayout.JAVA_LONG, counter)).isEqualTo((long) threads * rounds);
            assertThat(RobustMutex.isLocked(s, 0)).isFalse();
        }
    }
}

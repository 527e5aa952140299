package io.multiprocessing4j.sync;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Crash injection: a worker JVM is killed with SIGKILL while it holds each primitive, and the
 * others go on.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OwnerDeathIT {
    private final MpContext ctx = Multiprocessing.context("spawn");

    /** Starts a child that runs {@code grab} on the handle, sets {@code ready}, then hangs until killed. */
    private ChildProcess holdThenHang(Object handle, ProcessEvent ready, String what) throws Exception {
        ChildProcess p = ctx.process((List<Object> a) -> {
            Object h = a.get(0);
            switch ((String) a.get(2)) {
                case "lock" -> ((ProcessLock) h).lock();
                case "rlock" -> { ((ProcessRLock) h).lock(); ((ProcessRLock) h).lock(); }
                case "semaphore" -> ((ProcessSemaphore) h).acquire();
                case "condition" -> ((ProcessCondition) h).lock();
                default -> throw new IllegalArgumentException((String) a.get(2));
            }
            ((ProcessEvent) a.get(1)).set();
            new java.util.concurrent.CountDownLatch(1).await();
        }, List.of(handle, ready, what)).start();
        ready.await();
        return p;
    }

    private static void kill(ChildProcess p) throws InterruptedException {
        p.kill();
        p.join();
        assertThat(p.exitCode()).isNotZero();
    }

    @Test
    void lockOfAKilledHolderIsTakenOverAndReported() throws Exception {
        try (ProcessLock lock = ctx.lock(); ProcessEvent ready = ctx.event()) {
            ChildProcess p = holdThenHang(lock, ready, "lock");
            assertThat(lock.tryLock()).isFalse();
            kill(p);
            lock.lock();
            assertThat(lock.lastOwnerDied()).isTrue();
            lock.unlock();
            lock.lock();
            assertThat(lock.lastOwnerDied()).isFalse();
            lock.unlock();
        }
    }

    @Test
    void lockSetToThrowReportsTheDeadHolderWithTheLockHeld() throws Exception {
        try (ProcessLock lock = ctx.lock().throwOnOwnerDeath(true); ProcessEvent ready = ctx.event()) {
            ChildProcess p = holdThenHang(lock, ready, "lock");
            long pid = p.pid();
            kill(p);
            assertThatThrownBy(lock::lock).isInstanceOf(LockOwnerDiedException.class)
                    .satisfies(e -> assertThat(((LockOwnerDiedException) e).deadPid()).isEqualTo(pid));
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            lock.unlock();
        }
    }

    @Test
    void timedWaitersAlsoTakeOverADeadHoldersLock() throws Exception {
        try (ProcessLock lock = ctx.lock(); ProcessEvent ready = ctx.event()) {
            ChildProcess p = holdThenHang(lock, ready, "lock");
            kill(p);
            assertThat(lock.tryLock(20, TimeUnit.SECONDS)).isTrue();
            assertThat(lock.lastOwnerDied()).isTrue();
            lock.unlock();
        }
    }

    @Test
    void rlockHeldTwiceByAKilledProcessIsTakenOverWithCountOne() throws Exception {
        try (ProcessRLock lock = ctx.rlock(); ProcessEvent ready = ctx.event()) {
            ChildProcess p = holdThenHang(lock, ready, "rlock");
            kill(p);
            lock.lock();
            assertThat(lock.lastOwnerDied()).isTrue();
            assertThat(lock.holdCount()).isEqualTo(1);
            lock.unlock();
            assertThat(lock.isLocked()).isFalse();
        }
    }

    @Test
    void conditionLockOfAKilledHolderIsTakenOver() throws Exception {
        try (ProcessCondition cond = ctx.condition(); ProcessEvent ready = ctx.event()) {
            ChildProcess p = holdThenHang(cond, ready, "condition");
            kill(p);
            cond.lock();
            assertThat(((ProcessRLock) cond.getLock()).lastOwnerDied()).isTrue();
            assertThat(cond.await(Duration.ofMillis(5))).isFalse();
            cond.unlock();
        }
    }

    @Test
    void semaphorePermitOfAKilledHolderIsReturned() throws Exception {
        try (ProcessSemaphore sem = ctx.semaphore(1); ProcessEvent ready = ctx.event()) {
            ChildProcess p = holdThenHang(sem, ready, "semaphore");
            assertThat(sem.tryAcquire()).isFalse();
            kill(p);
            assertThat(sem.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
            assertThat(sem.lastOwnerDied()).isTrue();
            sem.release();
            assertThat(sem.availablePermits()).isEqualTo(1);
        }
    }

    @Test
    void barrierBreaksWhenAPartyIsKilled() throws Exception {
        try (ProcessBarrier bar = ctx.barrier(3); ProcessEvent ready = ctx.event()) {
            ChildProcess p = ctx.process((List<Object> a) -> {
                ((ProcessBarrier) a.get(0)).await(); // round one with the test thread and nobody else: never completes
            }, List.of(bar, ready)).start();
            // the child holds a handle (it is registered) once it waits; wait until it has arrived
            while (bar.numberWaiting() < 1) {
                // a child that died before it arrived would leave this loop spinning for ever
                assertThat(p.isAlive()).as("the child is still on its way to the barrier").isTrue();
                Thread.onSpinWait();
            }
            p.kill();
            assertThatThrownBy(bar::await).isInstanceOf(BrokenBarrierException.class)
                    .hasMessageContaining("died");
            p.join();
            bar.reset();
            assertThat(bar.isBroken()).isFalse();
        }
    }

    @Test
    void eventIsUnaffectedByAKilledWaiter() throws Exception {
        try (ProcessEvent ev = ctx.event(); ProcessEvent ready = ctx.event()) {
            ChildProcess p = ctx.process((List<ProcessEvent> a) -> {
                a.get(1).set();
                a.get(0).await();
            }, List.of(ev, ready)).start();
            ready.await();
            kill(p);
            ev.set();
            assertThat(ev.await(Duration.ofSeconds(1))).isTrue();
        }
    }
}

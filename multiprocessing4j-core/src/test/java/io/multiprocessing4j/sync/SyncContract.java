package io.multiprocessing4j.sync;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.shared.SharedInt;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every context's locks, semaphores, conditions, events and barriers must do. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SyncContract {

    abstract MpContext context();

    record Counter(ProcessLock lock, SharedInt value, int times) implements Serializable {
    }

    static void joinAllOk(List<ChildProcess> ps) throws InterruptedException {
        for (ChildProcess p : ps) {
            p.join();
        }
        for (ChildProcess p : ps) {
            assertThat(p.exitCode()).as("exit code of %s", p.name()).isZero();
        }
    }

    @Test
    void lockMakesReadModifyWriteExactAcrossProcesses() throws Exception {
        try (ProcessLock lock = context().lock(); SharedInt v = context().rawSharedInt(0)) {
            List<ChildProcess> ps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ps.add(context().process((Counter c) -> {
                    for (int k = 0; k < c.times(); k++) {
                        c.lock().lock();
                        try {
                            c.value().set(c.value().get() + 1);
                        } finally {
                            c.lock().unlock();
                        }
                    }
                }, new Counter(lock, v, 20_000)).start());
            }
            joinAllOk(ps);
            assertThat(v.get()).isEqualTo(40_000);
            assertThat(lock.isLocked()).isFalse();
        }
    }

    @Test
    void unlockByANonOwnerIsRefused() throws Exception {
        try (ProcessLock lock = context().lock()) {
            assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class)
                    .hasMessageContaining("not held");
            lock.lock();
            ChildProcess p = context().process((ProcessLock l) -> {
                try {
                    l.unlock();
                } catch (IllegalMonitorStateException expected) {
                    return;
                }
                throw new AssertionError("unlock by another process/thread succeeded");
            }, lock).start();
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            lock.unlock();
        }
    }

    @Test
    void lockIsNotReentrantButSaysSo() {
        try (ProcessLock lock = context().lock()) {
            lock.lock();
            assertThatThrownBy(lock::lock).isInstanceOf(IllegalStateException.class).hasMessageContaining("ProcessRLock");
            assertThat(lock.tryLock()).isFalse();
            lock.unlock();
        }
    }

    @Test
    void rlockIsReentrantAndExcludesOtherProcesses() throws Exception {
        try (ProcessRLock lock = context().rlock()) {
            lock.lock();
            lock.lock();
            assertThat(lock.holdCount()).isEqualTo(2);
            ChildProcess p = context().process((ProcessRLock l) -> {
                if (l.tryLock(Duration.ofMillis(20))) {
                    throw new AssertionError("acquired a lock held elsewhere");
                }
            }, lock).start();
            p.join();
            assertThat(p.exitCode()).isZero();
            lock.unlock();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            lock.unlock();
            assertThat(lock.isLocked()).isFalse();
        }
    }

    @Test
    void tryLockTimesOutWhileAnotherHolds() throws Exception {
        try (ProcessLock lock = context().lock(); ProcessEvent held = context().event(); ProcessEvent done = context().event()) {
            ChildProcess p = context().process((List<Object> a) -> {
                ProcessLock l = (ProcessLock) a.get(0);
                l.lock();
                ((ProcessEvent) a.get(1)).set();
                ((ProcessEvent) a.get(2)).await();
                l.unlock();
            }, List.of(lock, held, done)).start();
            held.await();
            assertThat(lock.tryLock(30, TimeUnit.MILLISECONDS)).isFalse();
            done.set();
            assertThat(lock.tryLock(20, TimeUnit.SECONDS)).isTrue();
            lock.unlock();
            p.join();
            assertThat(p.exitCode()).isZero();
        }
    }

    @Test
    void semaphoreLimitsConcurrentHolders() throws Exception {
        try (ProcessSemaphore sem = context().semaphore(2)) {
            assertThat(sem.tryAcquire()).isTrue();
            assertThat(sem.tryAcquire()).isTrue();
            assertThat(sem.tryAcquire()).isFalse();
            ChildProcess p = context().process((ProcessSemaphore s) -> s.release(), sem).start();
            assertThat(sem.tryAcquire(20, TimeUnit.SECONDS)).isTrue();
            p.join();
            assertThat(p.exitCode()).isZero();
            sem.release(2);
            assertThat(sem.availablePermits()).isEqualTo(2);
        }
    }

    @Test
    void boundedSemaphoreRefusesAnExtraRelease() throws Exception {
        try (ProcessSemaphore sem = context().boundedSemaphore(1)) {
            assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("too many");
            sem.acquire();
            sem.release();
            assertThat(sem.availablePermits()).isEqualTo(1);
        }
    }

    @Test
    void conditionWakesAWaiterInAnotherProcess() throws Exception {
        try (ProcessCondition cond = context().condition(); SharedInt state = context().rawSharedInt(0)) {
            ChildProcess p = context().process((List<Object> a) -> {
                ProcessCondition c = (ProcessCondition) a.get(0);
                SharedInt s = (SharedInt) a.get(1);
                c.lock();
                try {
                    s.set(1);
                    c.notifyAllWaiters();
                    if (!c.awaitFor(() -> s.get() == 2, Duration.ofSeconds(20))) {
                        throw new AssertionError("never saw state 2");
                    }
                } finally {
                    c.unlock();
                }
            }, List.of(cond, state)).start();
            cond.lock();
            try {
                assertThat(cond.awaitFor(() -> state.get() == 1, Duration.ofSeconds(20))).isTrue();
                state.set(2);
                cond.notify(1);
            } finally {
                cond.unlock();
            }
            p.join();
            assertThat(p.exitCode()).isZero();
        }
    }

    @Test
    void conditionWaitTimesOutAndNeedsTheLock() throws Exception {
        try (ProcessLock lock = context().lock(); ProcessCondition cond = context().condition(lock)) {
            assertThatThrownBy(cond::await).isInstanceOf(IllegalMonitorStateException.class);
            lock.lock();
            assertThat(cond.await(Duration.ofMillis(10))).isFalse();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            lock.unlock();
        }
    }

    @Test
    void eventReleasesEveryWaiter() throws Exception {
        try (ProcessEvent ev = context().event()) {
            assertThat(ev.await(Duration.ofMillis(5))).isFalse();
            List<ChildProcess> ps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ps.add(context().process((ProcessEvent e) -> {
                    if (!e.await(Duration.ofSeconds(20))) {
                        throw new AssertionError("not set");
                    }
                }, ev).start());
            }
            ev.set();
            assertThat(ev.isSet()).isTrue();
            joinAllOk(ps);
            ev.clear();
            assertThat(ev.isSet()).isFalse();
        }
    }

    @Test
    void barrierRunsRoundsAndItsAction() throws Exception {
        try (SharedInt rounds = context().rawSharedInt(0)) {
            try (ProcessBarrier bar = context().barrier(2, () -> rounds.incrementAndGet())) {
                ChildProcess p = context().process((ProcessBarrier b) -> {
                    for (int i = 0; i < 100; i++) {
                        b.await();
                    }
                }, bar).start();
                List<Integer> indices = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    indices.add(bar.await());
                }
                p.join();
                assertThat(p.exitCode()).isZero();
                assertThat(rounds.get()).isEqualTo(100);
                assertThat(indices).allMatch(i -> i == 0 || i == 1);
            }
        }
    }

    @Test
    void barrierTimeoutBreaksItUntilReset() throws Exception {
        try (ProcessBarrier bar = context().barrier(2)) {
            assertThatThrownBy(() -> bar.await(Duration.ofMillis(10))).isInstanceOf(TimeoutException.class);
            assertThat(bar.isBroken()).isTrue();
            assertThatThrownBy(bar::await).isInstanceOf(BrokenBarrierException.class);
            bar.reset();
            assertThat(bar.isBroken()).isFalse();
            bar.abort();
            assertThatThrownBy(bar::await).isInstanceOf(BrokenBarrierException.class);
        }
    }

    @Test
    void handlesSurviveASerializationRoundTripInOneProcess() throws Exception {
        try (ProcessLock lock = context().lock()) {
            byte[] b = io.multiprocessing4j.internal.serial.DefaultSerializer.INSTANCE.serialize(lock);
            ProcessLock back = (ProcessLock) io.multiprocessing4j.internal.serial.DefaultSerializer.INSTANCE
                    .deserialize(b, getClass().getClassLoader());
            back.lock();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            lock.unlock();
        }
    }

    @Test
    void interruptEndsALockWait() throws Exception {
        try (ProcessLock lock = context().lock()) {
            lock.lock();
            java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    lock.lockInterruptibly();
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            t.interrupt();
            assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            t.join();
            lock.unlock();
        }
    }
}

package io.multiprocessing4j.sync;

import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waiting from virtual threads must not hold their carriers: with more blocked waiters than
 * carriers, the thread that releases them must still get to run (else this test times out).
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VirtualThreadWaitTest {
    private static final int WAITERS = 4 * Runtime.getRuntime().availableProcessors() + 4;

    @Test
    void manyVirtualThreadsWaitingOnAnEventDoNotStarveTheSetter() throws Exception {
        try (ProcessEvent ev = ProcessEvent.create()) {
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                ts.add(Thread.ofVirtual().start(() -> {
                    try {
                        ev.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            Thread setter = Thread.ofVirtual().start(ev::set);
            setter.join();
            for (Thread t : ts) {
                t.join();
            }
            assertThat(ev.isSet()).isTrue();
        }
    }

    @Test
    void manyVirtualThreadsWaitingForALockDoNotStarveItsHolder() throws Exception {
        try (ProcessLock lock = ProcessLock.create(); ProcessEvent release = ProcessEvent.create()) {
            Thread holder = Thread.ofVirtual().start(() -> {
                lock.lock();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    lock.unlock();
                }
            });
            List<Thread> ts = new ArrayList<>();
            int[] count = new int[1];
            for (int i = 0; i < WAITERS; i++) {
                ts.add(Thread.ofVirtual().start(() -> {
                    lock.lock();
                    try {
                        count[0]++;
                    } finally {
                        lock.unlock();
                    }
                }));
            }
            Thread.ofVirtual().start(release::set).join();
            holder.join();
            for (Thread t : ts) {
                t.join();
            }
            assertThat(count[0]).isEqualTo(WAITERS);
        }
    }
}

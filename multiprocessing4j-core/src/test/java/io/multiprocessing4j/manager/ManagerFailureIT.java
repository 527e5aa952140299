package io.multiprocessing4j.manager;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.AuthenticationException;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Remote managers, dying clients and dying servers. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManagerFailureIT {
    private static final byte[] KEY = "manager key".getBytes(StandardCharsets.UTF_8);
    private static final MpContext SPAWN = Multiprocessing.context("spawn");

    /** Waits (bounded) for the server to finish work it does asynchronously after a peer's EOF. */
    private static void awaitCount(IntSupplier count, int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count.getAsInt() != expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        assertThat(count.getAsInt()).isEqualTo(expected);
    }

    @Test
    void remoteManagerOverLoopbackTcpAcceptsTheRightKeyOnly() throws Exception {
        try (Manager server = Manager.listen(Address.parse("127.0.0.1:0"), KEY)) {
            Map<String, Integer> shared = server.dict();
            server.register("shared", () -> Map.of("k", 1), Map.class);
            assertThatThrownBy(() -> Manager.connect(server.address(), "wrong".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(AuthenticationException.class);
            try (Manager client = Manager.connect(server.address(), KEY)) {
                Map<?, ?> got = client.get("shared", Map.class);
                assertThat(got.get("k")).isEqualTo(1);
                Map<String, Integer> mine = client.dict();
                mine.put("x", 1);
                shared.put("from server", 2);
                int size = Manager.apply(mine, Map::size);
                assertThat(size).isEqualTo(1);
            }
            assertThat(shared.get("from server")).isEqualTo(2);
        }
    }

    record Remote(Address address, byte[] key, EventProxy created) implements Serializable {
    }

    @Test
    void aClientKilledWithSigkillReleasesItsObjects() throws Exception {
        try (Manager server = Manager.listen(Address.parse("127.0.0.1:0"), KEY)) {
            EventProxy created = server.event();
            int before = server.objectCount();
            ChildProcess client = SPAWN.process((Remote r) -> {
                Manager m = Manager.connect(r.address(), r.key());
                Map<String, String> d = m.dict();
                List<String> l = m.list();
                d.put("k", "v");
                l.add("x");
                r.created().set();
                new java.util.concurrent.CountDownLatch(1).await(); // until killed
            }, new Remote(server.address(), KEY, created)).start();
            created.await();
            assertThat(server.objectCount()).isEqualTo(before + 2);
            client.kill();
            client.join();
            awaitCount(server::objectCount, before);
        }
    }

    @Test
    void closingAClientAndDroppingProxiesFreeObjects() throws Exception {
        try (Manager server = Manager.listen(Address.parse("127.0.0.1:0"), KEY)) {
            Manager client = Manager.connect(server.address(), KEY);
            // the proxies stay reachable until the count is read: a dropped proxy is freed by the
            // next GC, which could take the count from 2 back to 0 between the wait and the check
            Map<String, Integer> dict = client.dict();
            dict.put("a", 1);
            List<Object> list = client.list();
            awaitCount(server::objectCount, 2);
            java.lang.ref.Reference.reachabilityFence(dict);
            java.lang.ref.Reference.reachabilityFence(list);
            client.close();
            awaitCount(server::objectCount, 0);

            Map<String, Integer> kept = server.dict();
            for (int i = 0; i < 5; i++) {
                server.list(); // dropped at once
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.objectCount() > 1 && System.nanoTime() < deadline) {
                System.gc();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertThat(server.objectCount()).isEqualTo(1);
            assertThat(kept.size()).isZero();
        }
    }

    @Test
    void whenTheManagerProcessDiesEveryProxyCallFailsPromptly() throws Exception {
        Manager m = SPAWN.manager();
        try {
            Map<String, Integer> d = m.dict();
            m.register("counting", CountingQueue::new, BlockingQueue.class);
            @SuppressWarnings("unchecked")
            BlockingQueue<String> q = m.get("counting", BlockingQueue.class);
            d.put("a", 1);
            CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    q.take();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            awaitCount(() -> Manager.apply(q, x -> ((CountingQueue<?>) x).waiting()), 1); // the take is in progress
            ChildProcess server = m.serverProcess().orElseThrow();
            server.kill();
            server.join();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                assertThatThrownBy(() -> d.get("a")).isInstanceOf(ManagerUnavailableException.class)
                        .hasMessageContaining("Map.get");
                assertThatThrownBy(() -> q.offer("x")).isInstanceOf(ManagerUnavailableException.class);
                assertThat(blocked.get()).isInstanceOf(ManagerUnavailableException.class);
            });
        } finally {
            m.close();
        }
    }

    record Taker(BlockingQueue<String> queue, EventProxy ready) implements Serializable {
    }

    @Test
    void aClientKilledWhileWaitingInTakeLosesNoItem() throws Exception {
        try (Manager m = SPAWN.manager()) {
            m.register("counting", CountingQueue::new, BlockingQueue.class);
            @SuppressWarnings("unchecked")
            BlockingQueue<String> q = m.get("counting", BlockingQueue.class);
            EventProxy ready = m.event();
            ChildProcess taker = SPAWN.process((Taker t) -> {
                t.ready().set();
                t.queue().take();
                System.exit(3); // must not get here
            }, new Taker(q, ready)).start();
            ready.await();
            awaitCount(() -> Manager.apply(q, x -> ((CountingQueue<?>) x).waiting()), 1); // the take is in progress
            taker.kill();
            taker.join();
            q.put("item");
            assertThat(q.poll(20, TimeUnit.SECONDS)).isEqualTo("item");
        }
    }

    record BarrierWaiter(BarrierProxy barrier) implements Serializable {
    }

    @Test
    void aBarrierWaiterKilledWithSigkillBreaksTheBarrierForTheOthers() throws Exception {
        try (Manager server = Manager.listen(Address.parse("127.0.0.1:0"), KEY)) {
            BarrierProxy b = server.barrier(3);
            ChildProcess waiter = SPAWN.process((BarrierWaiter w) -> {
                w.barrier().await();
                System.exit(3); // must not get here
            }, new BarrierWaiter(b)).start();
            CompletableFuture<Throwable> local = CompletableFuture.supplyAsync(() -> {
                try {
                    b.await();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }, ManagerContract.OWN_THREAD);
            awaitCount(b::numberWaiting, 2); // the child and the local thread both wait
            waiter.kill();
            waiter.join();
            assertThat(local.get(20, TimeUnit.SECONDS)).isInstanceOf(BrokenBarrierException.class);
            assertThat(b.isBroken()).isTrue();
            assertThatThrownBy(b::await).isInstanceOf(BrokenBarrierException.class);
            b.reset();
            assertThat(b.isBroken()).isFalse();
            assertThat(b.numberWaiting()).isZero();
        }
    }

    record Holder(ConditionProxy cond, Lock rlock, EventProxy ready) implements Serializable {
    }

    @Test
    void locksHeldByAClientThatHaltsAreReleased() throws Exception {
        try (Manager server = Manager.listen(Address.parse("127.0.0.1:0"), KEY)) {
            ConditionProxy cond = server.condition();
            Lock rlock = server.rlock();
            EventProxy ready = server.event();
            ChildProcess holder = SPAWN.process((Holder h) -> {
                h.cond().lock();
                h.cond().lock();
                h.rlock().lock();
                h.ready().set();
                Runtime.getRuntime().halt(7);
            }, new Holder(cond, rlock, ready)).start();
            ready.await();
            holder.join();
            assertThat(holder.exitCode()).isEqualTo(7);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                cond.lock();
                cond.unlock();
                rlock.lock();
                rlock.unlock();
            });
        }
    }

    record Sleeper(ConditionProxy cond, EventProxy ready) implements Serializable {
    }

    @Test
    void aConditionWaiterKilledWithSigkillLeavesTheQueueAndTheSignalGoesToALiveOne() throws Exception {
        try (Manager server = Manager.listen(Address.parse("127.0.0.1:0"), KEY)) {
            ConditionProxy cond = server.condition();
            EventProxy ready = server.event();
            ChildProcess first = SPAWN.process((Sleeper s) -> {
                s.cond().lock();
                s.ready().set();
                s.cond().await(); // releases the lock
                System.exit(3); // must not get here
            }, new Sleeper(cond, ready)).start();
            ready.await();
            CountDownLatch secondWaits = new CountDownLatch(1);
            CompletableFuture<Throwable> second = CompletableFuture.supplyAsync(() -> {
                try {
                    cond.lock(); // only once the child waits
                    secondWaits.countDown();
                    cond.await(); // queued behind the child
                    cond.unlock();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }, ManagerContract.OWN_THREAD);
            secondWaits.await();
            cond.lock(); // only once the second waits too
            assertThat(cond.toString()).contains("2 waiting");
            first.kill();
            first.join();
            // the manager notices the death on its own: the dead waiter leaves the queue
            awaitCount(() -> cond.toString().contains("1 waiting") ? 1 : 0, 1);
            cond.signal();
            cond.unlock();
            assertThat(second.get(20, TimeUnit.SECONDS)).isNull();
        }
    }
}

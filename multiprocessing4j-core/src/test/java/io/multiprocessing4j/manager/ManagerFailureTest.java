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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Remote managers, dying clients and dying servers. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManagerFailureTest {
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
            client.dict().put("a", 1);
            client.list();
            awaitCount(server::objectCount, 2);
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
}

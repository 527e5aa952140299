package io.multiprocessing4j.manager;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.process.RemoteException;
import io.multiprocessing4j.spi.SerializationException;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour of {@link Manager} every context shares. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class ManagerContract {

    abstract MpContext context();

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("check failed: " + what);
        }
    }

    @Test
    void dictProxyBehavesAsAMap() {
        try (Manager m = context().manager()) {
            Map<String, Integer> d = m.dict();
            d.put("a", 1);
            d.put("b", 2);
            assertThat(d.get("a")).isEqualTo(1);
            assertThat(d.size()).isEqualTo(2);
            assertThat(d.containsKey("b")).isTrue();
            assertThat(d.keySet()).containsExactly("a", "b");
            assertThat(d.values()).containsExactly(1, 2);
            List<String> seen = new ArrayList<>();
            d.forEach((k, v) -> seen.add(k + "=" + v));
            assertThat(seen).containsExactly("a=1", "b=2");
            assertThat(d.getOrDefault("zz", 7)).isEqualTo(7);
            assertThat(d.toString()).isEqualTo("{a=1, b=2}");
            assertThat(d).isEqualTo(Map.of("a", 1, "b", 2));
            Map<String, Integer> copy = m.dict(Map.of("x", 9));
            assertThat(copy.get("x")).isEqualTo(9);
        }
    }

    @Test
    void compoundMapUpdatesRunOnTheManager() {
        try (Manager m = context().manager()) {
            Map<String, Integer> d = m.dict();
            assertThat(d.putIfAbsent("k", 1)).isNull();
            assertThat(d.putIfAbsent("k", 5)).isEqualTo(1);
            assertThat(d.merge("k", 10, (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum)).isEqualTo(11);
            assertThat(d.merge("k", 10, Integer::sum)).isEqualTo(21); // not serializable: runs under the manager-side lock
            assertThat(d.compute("k", (k, v) -> v * 2)).isEqualTo(42);
            assertThat(d.computeIfAbsent("n", k -> 3)).isEqualTo(3);
            d.replaceAll((k, v) -> v + 1);
            assertThat(d).isEqualTo(Map.of("k", 43, "n", 4));
        }
    }

    @Test
    void twoProcessesMergingOneKeyLoseNoUpdate() throws Exception {
        int n = 500;
        try (Manager m = context().manager()) {
            Map<String, Integer> d = m.dict();
            List<ChildProcess> ps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ps.add(context().process((Map<String, Integer> counts) -> {
                    for (int j = 0; j < n; j++) {
                        counts.merge("total", 1, (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum);
                        counts.merge("unserializable", 1, Integer::sum);
                    }
                }, d).start());
            }
            for (ChildProcess p : ps) {
                p.join();
                assertThat(p.exitCode()).isZero();
            }
            assertThat(d.get("total")).isEqualTo(2 * n);
            assertThat(d.get("unserializable")).isEqualTo(2 * n);
        }
    }

    @Test
    void proxyPassedToAChildReconnectsAndStaysShared() throws Exception {
        try (Manager m = context().manager()) {
            List<String> log = m.list();
            Map<String, Object> d = m.dict();
            d.put("log", log); // a proxy stored inside another proxy's value
            ChildProcess p = context().process((Map<String, Object> shared) -> {
                @SuppressWarnings("unchecked")
                List<String> inner = (List<String>) shared.get("log");
                inner.add("from child");
                shared.put("done", true);
            }, d).start();
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(d.get("done")).isEqualTo(true);
            assertThat(log).containsExactly("from child");
        }
    }

    @Test
    void applyRunsAFunctionAgainstTheObjectOnTheManager() {
        try (Manager m = context().manager()) {
            List<Integer> l = m.list(List.of(1, 2, 3));
            int sum = Manager.apply(l, list -> {
                int s = 0;
                for (int x : list) {
                    s += x;
                }
                list.clear();
                return s;
            });
            assertThat(sum).isEqualTo(6);
            assertThat(l).isEmpty();
            assertThatThrownBy(() -> Manager.apply(List.of(), x -> 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a manager proxy");
        }
    }

    @Test
    void exceptionOnTheManagerComesBackAsItsOwnTypeWithTheRemoteTrace() {
        try (Manager m = context().manager()) {
            List<Integer> l = m.list();
            assertThatThrownBy(() -> l.get(5)).isInstanceOf(IndexOutOfBoundsException.class)
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOf(RemoteException.class));
        }
    }

    @Test
    void registeredTypesAreSharedThroughTheirInterface() throws Exception {
        try (Manager m = context().manager()) {
            SimpleCounter shared = new SimpleCounter();
            m.register("fresh", SimpleCounter::new, Counter.class);
            Counter c = m.get("fresh", Counter.class);
            assertThat(c.increment()).isEqualTo(1);
            assertThat(c.incrementTwice()).isEqualTo(3);
            assertThat(m.get("fresh", Counter.class).value()).isZero(); // a new object per get
            assertThatThrownBy(() -> m.get("fresh", Runnable.class)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Counter.class.getName());
            assertThatThrownBy(() -> m.get("nope", Counter.class)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("register");
            assertThatThrownBy(() -> m.register("dict", SimpleCounter::new, Counter.class))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(shared.value()).isZero();
        }
    }

    @Test
    void queueCarriesItemsBetweenProcesses() throws Exception {
        try (Manager m = context().manager()) {
            BlockingQueue<String> q = m.queue();
            ChildProcess p = context().process((BlockingQueue<String> out) -> {
                out.put("one");
                out.put("two");
            }, q).start();
            assertThat(q.take()).isEqualTo("one");
            assertThat(q.poll(30, TimeUnit.SECONDS)).isEqualTo("two");
            assertThat(q.poll()).isNull();
            p.join();
            assertThat(p.exitCode()).isZero();
        }
    }

    @Test
    void synchronisationObjectsWork() throws Exception {
        try (Manager m = context().manager()) {
            EventProxy ev = m.event();
            assertThat(ev.isSet()).isFalse();
            assertThat(ev.await(Duration.ofMillis(1))).isFalse();
            ChildProcess p = context().process((EventProxy e) -> e.set(), ev).start();
            ev.await();
            p.join();
            Lock lock = m.lock();
            assertThat(lock.tryLock()).isTrue();
            assertThat(lock.tryLock()).isFalse();
            lock.unlock();
            Lock r = m.rlock();
            r.lock();
            r.lock();
            r.unlock();
            r.unlock();
            assertThatThrownBy(r::unlock).isInstanceOf(IllegalMonitorStateException.class);
            SemaphoreProxy s = m.semaphore(1);
            s.acquire();
            assertThat(s.tryAcquire(Duration.ZERO)).isFalse();
            s.release();
            assertThat(s.availablePermits()).isEqualTo(1);
            ValueProxy<Integer> v = m.value(1);
            assertThat(v.updateAndGet(x -> x + 41)).isEqualTo(42);
            Namespace ns = m.namespace();
            ns.set("x", 1);
            assertThat(ns.get("x")).isEqualTo(1);
            assertThat(ns.names()).containsExactly("x");
        }
    }

    static final class NotSerializable {
    }

    @Test
    void argumentsThatCannotBeSerializedAreRefusedClearly() {
        try (Manager m = context().manager()) {
            Map<String, Object> d = m.dict();
            assertThatThrownBy(() -> d.put("x", new NotSerializable())).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("NotSerializable").hasMessageContaining("Map.put");
        }
    }

    @Test
    void aClosedManagerFailsClearly() {
        Manager m = context().manager();
        Map<String, Integer> d = m.dict();
        d.put("a", 1);
        m.close();
        assertThatThrownBy(m::dict).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> d.get("a")).isInstanceOf(ManagerUnavailableException.class).hasMessageContaining("Map.get");
        m.close(); // idempotent
    }
}

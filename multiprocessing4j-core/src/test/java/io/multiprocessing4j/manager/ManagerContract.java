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
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour of {@link Manager} every context shares. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class ManagerContract {

    abstract MpContext context();

    /**
     * Blocking test helpers run on threads of their own: the common pool may have one thread on a
     * small machine, and the runtime needs it to complete a child's exit.
     */
    static final java.util.concurrent.Executor OWN_THREAD = r -> Thread.ofPlatform().daemon().start(r);

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
    void registerOnAManagerServedInThisJvmSharesTheVeryObject() throws Exception {
        byte[] key = "register-shares".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
        try (Manager server = Manager.listen(io.multiprocessing4j.connection.Address.parse("127.0.0.1:0"), key)) {
            server.register("counts", () -> counts, java.util.Map.class);
            @SuppressWarnings("unchecked")
            java.util.Map<String, Integer> proxy = server.get("counts", java.util.Map.class);
            proxy.put("a", 1);
            assertThat(counts).containsEntry("a", 1);
            try (Manager client = Manager.connect(server.address(), key)) {
                @SuppressWarnings("unchecked")
                java.util.Map<String, Integer> remote = client.get("counts", java.util.Map.class);
                remote.put("b", 2);
            }
            assertThat(counts).containsOnlyKeys("a", "b");
        }
    }

    @Test
    void registeredTypeExposesOnlyTheChosenMethods() {
        try (Manager m = context().manager()) {
            m.register("narrow", SimpleCounter::new, Counter.class, java.util.Set.of("value"));
            Counter c = m.get("narrow", Counter.class);
            assertThat(c.value()).isZero();
            assertThatThrownBy(c::increment).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("increment").hasMessageContaining("not exposed").hasMessageContaining("[value]");
            assertThat(c.value()).isZero();
            assertThatThrownBy(() -> m.register("typo", SimpleCounter::new, Counter.class, java.util.Set.of("incremnt")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'incremnt'");
        }
    }

    @Test
    void boundedSemaphoreRefusesAReleaseAboveItsPermits() throws Exception {
        try (Manager m = context().manager()) {
            SemaphoreProxy s = m.boundedSemaphore(1);
            s.acquire();
            s.release();
            assertThatThrownBy(s::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("too many");
            assertThat(s.availablePermits()).isEqualTo(1);
            SemaphoreProxy plain = m.semaphore(1);
            plain.release();
            assertThat(plain.availablePermits()).isEqualTo(2);
            assertThatThrownBy(() -> m.boundedSemaphore(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("permits");
        }
    }

    @Test
    void namespaceDeleteRemovesAnAttributeAndFailsOnAMissingOne() {
        try (Manager m = context().manager()) {
            Namespace ns = m.namespace();
            ns.set("x", 1);
            ns.delete("x");
            assertThat(ns.has("x")).isFalse();
            assertThatThrownBy(() -> ns.delete("x")).isInstanceOf(java.util.NoSuchElementException.class)
                    .hasMessageContaining("'x'");
            ns.remove("x"); // the lenient form
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

    @Test
    void joinableQueueJoinReturnsOnceAChildHasMarkedEveryItemDone() throws Exception {
        try (Manager m = context().manager()) {
            JoinableQueueProxy<Integer> q = m.joinableQueue();
            q.put(1);
            q.add(2);
            assertThat(q.offer(3)).isTrue();
            assertThat(q.offer(4, 1, TimeUnit.SECONDS)).isTrue();
            assertThat(q.unfinishedTasks()).isEqualTo(4);
            assertThat(q.join(Duration.ZERO)).isFalse();
            ChildProcess p = context().process((JoinableQueueProxy<Integer> in) -> {
                for (int i = 0; i < 4; i++) {
                    in.take();
                    in.taskDone();
                }
            }, q).start();
            q.join();
            assertThat(q.unfinishedTasks()).isZero();
            assertThat(q.isEmpty()).isTrue();
            assertThat(q.join(Duration.ZERO)).isTrue();
            p.join();
            assertThat(p.exitCode()).isZero();
        }
    }

    @Test
    void joinableQueueRefusesMoreTaskDonesThanItemsAndCountsOnlyInsertedItems() {
        try (Manager m = context().manager()) {
            JoinableQueueProxy<String> q = m.joinableQueue(1);
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("task_done() called too many times");
            assertThat(q.offer("a")).isTrue();
            assertThat(q.offer("b")).isFalse(); // full: not a task
            assertThatThrownBy(() -> q.add("c")).isInstanceOf(IllegalStateException.class); // "Queue full"
            assertThat(q.unfinishedTasks()).isEqualTo(1);
            assertThat(q.poll()).isEqualTo("a");
            assertThat(q.unfinishedTasks()).isEqualTo(1); // taking is not finishing
            q.taskDone();
            assertThat(q.unfinishedTasks()).isZero();
            assertThatThrownBy(() -> m.joinableQueue(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxsize");
        }
    }

    @Test
    void conditionSignalWakesAWaiterInAnotherProcess() throws Exception {
        try (Manager m = context().manager()) {
            ConditionProxy cond = m.condition();
            Map<String, Boolean> state = m.dict();
            cond.lock();
            ChildProcess p = context().process((Guarded g) -> {
                g.cond().lock();
                try {
                    g.state().put("childWaiting", true);
                    g.cond().signalAll();
                    while (!g.state().containsKey("go")) {
                        g.cond().await();
                    }
                    g.state().put("woke", true);
                } finally {
                    g.cond().unlock();
                }
            }, new Guarded(cond, state)).start();
            while (!state.containsKey("childWaiting")) {
                cond.await(); // releases the lock, so the child can take it
            }
            state.put("go", true);
            cond.signal();
            cond.unlock();
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(state.get("woke")).isTrue();
        }
    }

    record Guarded(ConditionProxy cond, Map<String, Boolean> state) implements Serializable {
    }

    @Test
    void conditionMethodsNeedTheLockAndAwaitReleasesEveryHold() throws Exception {
        try (Manager m = context().manager()) {
            ConditionProxy cond = m.condition();
            assertThatThrownBy(cond::signal).isInstanceOf(IllegalMonitorStateException.class)
                    .hasMessageContaining("lock()");
            assertThatThrownBy(() -> cond.await(Duration.ZERO)).isInstanceOf(IllegalMonitorStateException.class);
            assertThatThrownBy(cond::unlock).isInstanceOf(IllegalMonitorStateException.class);
            cond.lock();
            cond.lock(); // reentrant, as Python's default RLock
            assertThat(cond.await(Duration.ofMillis(1))).isFalse(); // nobody signals
            cond.signal(); // no waiter: nothing happens
            cond.signal(3);
            cond.signalAll();
            assertThatThrownBy(() -> cond.signal(-1)).isInstanceOf(IllegalArgumentException.class);
            cond.unlock();
            cond.unlock(); // both holds came back after the wait
            assertThatThrownBy(cond::unlock).isInstanceOf(IllegalMonitorStateException.class);
        }
    }

    @Test
    void conditionOverAManagedLockUsesThatLock() throws Exception {
        try (Manager m = context().manager()) {
            Lock rlock = m.rlock();
            ConditionProxy cond = m.condition(rlock);
            assertThatThrownBy(cond::signal).isInstanceOf(IllegalMonitorStateException.class);
            rlock.lock();
            cond.signal(); // holding the rlock is holding the condition's lock
            assertThat(cond.await(Duration.ofMillis(1))).isFalse();
            rlock.unlock(); // the wait gave the rlock back to this thread
            assertThatThrownBy(rlock::unlock).isInstanceOf(IllegalMonitorStateException.class);

            Lock plain = m.lock();
            ConditionProxy onPlain = m.condition(plain);
            assertThatThrownBy(onPlain::signalAll).isInstanceOf(IllegalMonitorStateException.class);
            onPlain.lock();
            assertThat(plain.tryLock()).isFalse();
            assertThat(onPlain.await(Duration.ofMillis(1))).isFalse();
            onPlain.signalAll();
            plain.unlock();
            assertThat(plain.tryLock()).isTrue();
            plain.unlock();
        }
    }

    @Test
    void conditionRefusesALockThatIsNotAManagedLockOfItsManager() {
        try (Manager m = context().manager()) {
            assertThatThrownBy(() -> m.condition(new java.util.concurrent.locks.ReentrantLock()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lock is a local")
                    .hasMessageContaining("rlock()");
            m.register("lockalike", java.util.concurrent.locks.ReentrantLock::new, Lock.class);
            Lock registered = m.get("lockalike", Lock.class);
            assertThatThrownBy(() -> m.condition(registered)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("managed lockalike");
            assertThatThrownBy(() -> m.condition(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lock must not be null");
        }
    }

    record Round(BarrierProxy barrier, List<Integer> indices) implements Serializable {
    }

    @Test
    void barrierReleasesTwoChildrenAndTheParentTogether() throws Exception {
        try (Manager m = context().manager()) {
            BarrierProxy b = m.barrier(3);
            List<Integer> indices = m.list();
            List<ChildProcess> ps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ps.add(context().process((Round r) -> {
                    r.indices().add(r.barrier().await());
                }, new Round(b, indices)).start());
            }
            indices.add(b.await());
            for (ChildProcess p : ps) {
                p.join();
                assertThat(p.exitCode()).isZero();
            }
            assertThat(indices).containsExactlyInAnyOrder(0, 1, 2);
            assertThat(b.parties()).isEqualTo(3);
            assertThat(b.numberWaiting()).isZero();
            assertThat(b.isBroken()).isFalse();
        }
    }

    @Test
    void barrierBreaksOnTimeOutAndAbortUntilReset() throws Exception {
        try (Manager m = context().manager()) {
            assertThatThrownBy(() -> m.barrier(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("parties");
            assertThat(m.barrier(1).await()).isZero();
            BarrierProxy b = m.barrier(2);
            assertThatThrownBy(() -> b.await(Duration.ofMillis(1))).isInstanceOf(TimeoutException.class);
            assertThat(b.isBroken()).isTrue();
            assertThatThrownBy(b::await).isInstanceOf(BrokenBarrierException.class).hasMessageContaining("reset()");
            b.reset();
            assertThat(b.isBroken()).isFalse();

            CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    b.await();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }, OWN_THREAD);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (b.numberWaiting() != 1 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            assertThat(b.numberWaiting()).isEqualTo(1);
            b.abort();
            assertThat(waiter.get(20, TimeUnit.SECONDS)).isInstanceOf(BrokenBarrierException.class);
            assertThat(b.isBroken()).isTrue();
            assertThatThrownBy(() -> b.await(Duration.ofSeconds(10))).isInstanceOf(BrokenBarrierException.class);
            b.reset();
            assertThat(b.isBroken()).isFalse();
        }
    }

    @Test
    void arrayHasAFixedLengthAndIsSharedWithAChild() throws Exception {
        try (Manager m = context().manager()) {
            List<Integer> a = m.array(List.of(3, 1, 2));
            assertThat(a.size()).isEqualTo(3);
            assertThat(a.set(0, 30)).isEqualTo(3);
            assertThat(a.get(0)).isEqualTo(30);
            assertThat(a).containsExactly(30, 1, 2);
            for (java.util.function.Consumer<List<Integer>> grow : List.<java.util.function.Consumer<List<Integer>>>of(
                    l -> l.add(4), l -> l.remove(0), List::clear, l -> l.addAll(List.of(5)))) {
                assertThatThrownBy(() -> grow.accept(a)).isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("fixed length").hasMessageContaining("list()");
            }
            a.sort(java.util.Comparator.naturalOrder()); // serializable: sorted on the manager
            assertThat(a).containsExactly(1, 2, 30);
            a.sort((x, y) -> y - x); // not serializable: sorted here, under the array's lock, element by element
            assertThat(a).containsExactly(30, 2, 1);
            assertThatThrownBy(() -> a.get(3)).isInstanceOf(IndexOutOfBoundsException.class);

            ChildProcess p = context().process((List<Integer> shared) -> shared.set(1, 42), a).start();
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(a).containsExactly(30, 42, 1);

            List<String> filled = m.array(2, "x");
            assertThat(filled).containsExactly("x", "x");
            assertThat(m.array(List.of()).size()).isZero();
            assertThatThrownBy(() -> m.array(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("length");
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

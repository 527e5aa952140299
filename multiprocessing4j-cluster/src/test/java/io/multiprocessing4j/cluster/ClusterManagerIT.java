package io.multiprocessing4j.cluster;

import io.multiprocessing4j.manager.Manager;
import io.multiprocessing4j.manager.ManagerUnavailableException;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.spi.SerializationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster manager's dict (an IgniteCache) mirrors the manager contract's dict tests; its other types say what to use. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterManagerIT {
    static ClusterContext ctx;

    @BeforeAll
    static void startCluster() {
        ctx = SharedCluster.context();
    }

    record Point(int x, int y) implements Serializable {
    }

    @Test
    void dictBehavesAsAMapWithRecordKeysAndValues() {
        try (Manager m = ctx.manager()) {
            Map<Object, Object> d = m.dict();
            d.put("a", 1);
            d.put(new Point(1, 2), new Point(3, 4)); // records: Ignite's own marshaller refuses them
            assertThat(d.get(new Point(1, 2))).isEqualTo(new Point(3, 4));
            assertThat(d.size()).isEqualTo(2);
            assertThat(d.containsKey("a")).isTrue();
            assertThat(d.keySet()).containsExactlyInAnyOrder("a", new Point(1, 2));
            assertThat(d.getOrDefault("zz", 7)).isEqualTo(7);
            assertThat(d).isEqualTo(Map.of("a", 1, new Point(1, 2), new Point(3, 4)));
            assertThat(d.remove("a")).isEqualTo(1);
            assertThat(m.dict(Map.of("x", 9)).get("x")).isEqualTo(9);
            assertThat(m.objectCount()).isEqualTo(2);
        }
    }

    @Test
    void compoundUpdatesAreAtomic() {
        try (Manager m = ctx.manager()) {
            Map<String, Integer> d = m.dict();
            assertThat(d.putIfAbsent("k", 1)).isNull();
            assertThat(d.putIfAbsent("k", 5)).isEqualTo(1);
            assertThat(d.merge("k", 10, Integer::sum)).isEqualTo(11);
            assertThat(d.compute("k", (k, v) -> v * 2)).isEqualTo(22);
            assertThat(d.computeIfAbsent("n", k -> 3)).isEqualTo(3);
            assertThat(d.computeIfPresent("absent", (k, v) -> 1)).isNull();
            assertThat(d.replace("n", 3, 4)).isTrue();
            assertThat(d.merge("n", 0, (a, b) -> null)).isNull();
            assertThat(d).isEqualTo(Map.of("k", 22));
        }
    }

    @Test
    void twoProcessesOnTheNodesMergingOneKeyLoseNoUpdate() throws Exception {
        int n = 200;
        try (Manager m = ctx.manager()) {
            Map<String, Integer> d = m.dict();
            List<ChildProcess> ps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ps.add(ctx.process((Map<String, Integer> counts) -> {
                    for (int j = 0; j < n; j++) {
                        counts.merge("total", 1, (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum);
                    }
                }, d).start());
            }
            for (ChildProcess p : ps) {
                p.join();
                assertThat(p.exitCode()).isZero();
            }
            assertThat(d.get("total")).isEqualTo(2 * n);
        }
    }

    @Test
    void queueAndLockAreTheContextsAndOtherTypesNameTheirAlternative() throws Exception {
        try (Manager m = ctx.manager()) {
            BlockingQueue<String> q = m.queue();
            ChildProcess p = ctx.process((BlockingQueue<String> out) -> out.put("one"), q).start();
            assertThat(q.poll(30, TimeUnit.SECONDS)).isEqualTo("one");
            p.join();
            assertThat(m.lock().tryLock()).isTrue();
            assertThatThrownBy(m::event).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("ctx.event()");
            assertThatThrownBy(m::namespace).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("dict()");
        }
    }

    @Test
    void badValuesAndAClosedManagerFailClearly() {
        Manager m = ctx.manager();
        Map<String, Object> d = m.dict();
        assertThatThrownBy(() -> d.put("x", new Object())).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> d.put("x", null)).isInstanceOf(NullPointerException.class);
        d.put("a", 1);
        m.close();
        assertThatThrownBy(m::dict).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> d.get("a")).isInstanceOf(ManagerUnavailableException.class).hasMessageContaining("shut down");
        m.close(); // idempotent
    }
}

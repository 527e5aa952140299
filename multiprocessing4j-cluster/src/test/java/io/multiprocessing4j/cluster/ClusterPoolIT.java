package io.multiprocessing4j.cluster;

import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.pool.ProcessPoolExecutor;
import io.multiprocessing4j.pool.TaskTimeoutException;
import io.multiprocessing4j.spi.SerializationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pools on an embedded cluster of two nodes. The nodes' class path holds Ignite and the library
 * only, so every task class here reaches them by peer class loading.
 */
class ClusterPoolIT {
    static ClusterContext ctx;

    @BeforeAll
    static void startCluster() {
        ctx = SharedCluster.context();
    }

    /** A record: Ignite's own marshaller rejects these, ours carries them. */
    record Square(int x, long square) implements java.io.Serializable {
    }

    @Test
    void mapReturnsEveryResultInOrderFromTaskClassesTheNodesDoNotHave() {
        List<Integer> xs = IntStream.range(0, 2000).boxed().toList();
        try (Pool pool = ctx.pool(2)) {
            List<Square> out = pool.map(x -> new Square(x, (long) x * x), xs);
            assertThat(out).extracting(Square::square)
                    .containsExactlyElementsOf(xs.stream().map(x -> (long) x * x).toList());
        }
    }

    @Test
    void tasksRunOnServerNodesNotInTheCaller() {
        try (Pool pool = ctx.pool(2)) {
            List<Long> pids = pool.map(x -> ProcessHandle.current().pid(), List.of(1, 2, 3, 4, 5, 6, 7, 8), 1);
            assertThat(pids).doesNotContain(ProcessHandle.current().pid());
            assertThat(ctx.localNodes().stream().map(ProcessHandle::pid).toList()).containsAll(pids);
        }
    }

    @Test
    void imapPullsAnEndlessInputLazilyAndKeepsOrder() {
        Iterable<Long> endless = () -> LongStream.iterate(0, i -> i + 1).iterator();
        try (Pool pool = ctx.pool(2)) {
            Iterator<Long> it = pool.imap((Long x) -> x * 2, endless, 16).iterator();
            List<Long> first = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                first.add(it.next());
            }
            assertThat(first).containsExactlyElementsOf(LongStream.range(0, 500).map(x -> x * 2).boxed().toList());
        }
    }

    @Test
    void aTaskExceptionComesBackAsItsOwnType() {
        try (Pool pool = ctx.pool(1)) {
            assertThatThrownBy(() -> pool.apply((Integer x) -> {
                throw new IllegalArgumentException("bad " + x);
            }, 7)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad 7");
        }
    }

    @Test
    void anOverdueTaskFailsWithTaskTimeoutAndTheRestOfItsChunkStillRuns() {
        try (Pool pool = Pool.builder().context(ctx).workers(1).taskTimeout(Duration.ofMillis(500)).build()) {
            SerializableFunction<Integer, Integer> f = x -> {
                if (x == 1) {
                    Thread.sleep(60_000);
                }
                return x;
            };
            assertThatThrownBy(() -> pool.map(f, List.of(0, 1, 2), 3))
                    .matches(t -> t instanceof TaskTimeoutException || t.getCause() instanceof TaskTimeoutException);
            assertThat(pool.map(x -> x + 1, List.of(1, 2, 3))).containsExactly(2, 3, 4);
        }
    }

    @Test
    void aNonSerializableTaskFailsAtSubmitInTheCallersThread() {
        Object notSerializable = new Object();
        try (Pool pool = ctx.pool(1)) {
            assertThatThrownBy(() -> pool.map(x -> notSerializable.hashCode() + x, List.of(1)))
                    .isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void processPoolExecutorSubmitsCallables() throws Exception {
        try (ProcessPoolExecutor ex = ctx.processPoolExecutor(2)) {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                fs.add(ex.submit(() -> n * 3));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(fs.get(i).get()).isEqualTo(i * 3);
            }
        } catch (ExecutionException e) {
            throw e;
        }
    }

    @Test
    void initializerRunsOnTheNodesBeforeTasks() {
        try (Pool pool = Pool.builder().context(ctx).workers(2)
                .initializer(() -> System.setProperty("mp4j.test.init", "done")).build()) {
            assertThat(pool.map(x -> System.getProperty("mp4j.test.init"), List.of(1, 2, 3, 4), 1))
                    .containsOnly("done");
        }
    }
}

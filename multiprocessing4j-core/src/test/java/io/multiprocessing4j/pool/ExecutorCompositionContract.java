package io.multiprocessing4j.pool;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How {@link ProcessPoolExecutor} composes with {@code java.util.concurrent}, in every context:
 * what works, and, where the JDK's own wrappers cannot reach a worker JVM, the immediate refusal.
 */
@ExtendWith(NoLeftoverWorkers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ExecutorCompositionContract {
    private ProcessPoolExecutor executor;

    abstract MpContext context();

    /** @return whether tasks run in other JVMs (and so must be serializable) */
    abstract boolean workersAreProcesses();

    @BeforeAll
    void start() {
        executor = ProcessPoolExecutor.of(Pool.builder().context(context()).workers(2));
        executor.map((Integer x) -> x, IntStream.range(0, 8).boxed().toList(), 1).forEachRemaining(x -> { }); // workers up before the first test looks
    }

    @AfterAll
    void stop() {
        executor.close();
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    /** A serializable Runnable class, as a user's own task type would be. */
    record Noop() implements Runnable, Serializable {
        @Override
        public void run() {
        }
    }

    @Test
    @SuppressWarnings("unchecked") // the very cast this test proves safe
    void submitReturnsAFutureThatIsAlsoACompletionStage() throws Exception {
        Future<Integer> f = executor.submit(() -> 6 * 7);
        assertThat(f).isInstanceOf(CompletionStage.class);
        assertThat(((CompletionStage<Integer>) f).thenApply(x -> x + 1).toCompletableFuture().get()).isEqualTo(43);
    }

    @Test
    void supplyAsyncRunsInAWorkerAndCombinesLikeAnyCompletableFuture() throws Exception {
        CompletableFuture<Long> where = executor.supplyAsync(ExecutorCompositionContract::pid);
        CompletableFuture<Integer> sum = executor.supplyAsync(() -> 40).thenCombine(executor.supplyAsync(() -> 2), Integer::sum);
        assertThat(sum.get()).isEqualTo(42);
        assertThat(where.get() != pid()).isEqualTo(workersAreProcesses());
    }

    @Test
    void runAsyncCompletesExceptionallyWithWhatTheTaskThrew() {
        CompletableFuture<Void> f = executor.runAsync(() -> {
            throw new IllegalStateException("boom in the task");
        });
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("boom in the task");
        assertThat(executor.runAsync(() -> { }).thenApply(v -> "ran")).succeedsWithin(java.time.Duration.ofSeconds(30)).isEqualTo("ran");
    }

    @Test
    void submitOfASerializableRunnableWorks() throws Exception {
        assertThat(executor.submit(new Noop()).get()).isNull();
        assertThat(executor.submit(new Noop(), "done").get()).isEqualTo("done");
    }

    @Test
    void submitOfAPlainRunnableLambdaRunsOnThreadsAndIsRefusedAtOnceForProcesses() throws Exception {
        Runnable plain = () -> { };
        if (workersAreProcesses()) {
            assertThatThrownBy(() -> executor.submit(plain))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("submit(Runnable)")
                    .hasMessageContaining("not Serializable")
                    .hasMessageContaining("runAsync(() -> work())");
        } else {
            assertThat(executor.submit(plain).get()).isNull();
        }
    }

    @Test
    void completableFutureSupplyAsyncOnTheExecutorRunsOnThreadsAndIsRefusedAtOnceForProcesses() throws Exception {
        if (workersAreProcesses()) {
            assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> 1, executor))
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("would run it in this JVM")
                    .hasMessageContaining("supplyAsync(SerializableSupplier)");
            assertThatThrownBy(() -> CompletableFuture.runAsync(() -> { }, executor))
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("runAsync(SerializableRunnable)");
        } else {
            assertThat(CompletableFuture.supplyAsync(() -> 41, executor).thenApply(x -> x + 1).get()).isEqualTo(42);
            AtomicBoolean ran = new AtomicBoolean();
            CompletableFuture.runAsync(() -> ran.set(true), executor).get();
            assertThat(ran).isTrue();
        }
    }

    @Test
    void executorCompletionServiceRunsItsTasksInWorkers() throws Exception {
        ExecutorCompletionService<Long> ecs = new ExecutorCompletionService<>(executor);
        for (int i = 0; i < 3; i++) {
            ecs.submit((Callable<Long> & Serializable) ExecutorCompositionContract::pid);
        }
        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            pids.add(ecs.take().get());
        }
        assertThat(pids.contains(pid())).isNotEqualTo(workersAreProcesses());
        ecs.submit((Callable<Long> & Serializable) () -> {
            throw new java.io.IOException("failed in the task");
        });
        assertThatThrownBy(() -> ecs.take().get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(java.io.IOException.class).hasMessage("failed in the task");
    }

    @Test
    void executorCompletionServiceRefusesANonSerializableTaskAtOnceForProcesses() throws Exception {
        ExecutorCompletionService<Integer> ecs = new ExecutorCompletionService<>(executor);
        Callable<Integer> plain = () -> 7;
        if (workersAreProcesses()) {
            assertThatThrownBy(() -> ecs.submit(plain)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not Serializable");
        } else {
            ecs.submit(plain);
            assertThat(ecs.take().get()).isEqualTo(7);
        }
    }

    @Test
    void mapResultsCanBeConsumedAsAStream() {
        List<Integer> squares;
        try (Stream<Integer> s = executor.map((Integer x) -> x * x, IntStream.range(0, 50).boxed().toList()).stream()) {
            squares = s.filter(x -> x % 2 == 0).toList();
        }
        assertThat(squares).isEqualTo(IntStream.range(0, 50).map(x -> x * x).filter(x -> x % 2 == 0).boxed().toList());
    }

    @Test
    void closingTheStreamOfAnEndlessImapStopsIt() {
        try (Pool pool = Pool.builder().context(context()).workers(1).build()) {
            Iterable<Integer> endless = () -> IntStream.iterate(0, i -> i + 1).boxed().iterator();
            try (Stream<Integer> s = pool.imap((Integer x) -> x + 1, endless).stream()) {
                assertThat(s.limit(5).toList()).containsExactly(1, 2, 3, 4, 5);
            }
        }
    }
}

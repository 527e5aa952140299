package io.multiprocessing4j.pool;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a {@link PoolObserver} is told: workers, calls, every item with its worker, problems, the close. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolObserverIT {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static <T> List<T> only(List<PoolActivity> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static void halt() {
        Runtime.getRuntime().halt(3);
    }

    @Test
    void anObserverSeesTheWorkersEachItemWithItsWorkerTheCallAndTheCloseLast() throws Exception {
        List<PoolActivity> seen = new CopyOnWriteArrayList<>();
        Pool pool = Multiprocessing.context("thread").pool(2);
        pool.apply(() -> 1); // the workers are up before the observer comes
        pool.addObserver(seen::add);
        List<Integer> out = pool.map((Integer x) -> x * 2, range(50));
        pool.close();

        assertThat(out).hasSize(50);
        assertThat(only(seen, PoolActivity.WorkerStarted.class)).hasSize(2);
        List<String> workers = only(seen, PoolActivity.WorkerStarted.class).stream().map(PoolActivity.WorkerStarted::worker).toList();
        PoolActivity.CallStarted call = only(seen, PoolActivity.CallStarted.class).getFirst();
        assertThat(call.call()).isEqualTo("map");
        assertThat(call.total()).hasValue(50);
        List<PoolActivity.TaskDone> tasks = only(seen, PoolActivity.TaskDone.class).stream()
                .filter(t -> t.callId() == call.callId()).toList();
        assertThat(tasks).hasSize(50).allMatch(t -> workers.contains(t.worker()) && !t.failed() && t.startMicros() > 0);
        assertThat(tasks.stream().map(PoolActivity.TaskDone::index).sorted().toList())
                .isEqualTo(IntStream.range(0, 50).mapToObj(i -> (long) i).toList());
        assertThat(only(seen, PoolActivity.CallFinished.class)).anyMatch(f -> f.callId() == call.callId() && f.done() == 50);
        assertThat(seen.getLast()).isInstanceOf(PoolActivity.Closed.class);
    }

    @Test
    void aWorkerThatDiesDuringATaskIsToldAsACrashWithItsCause() {
        List<PoolActivity> seen = new CopyOnWriteArrayList<>();
        Pool pool = Pool.builder().context(Multiprocessing.context("spawn")).workers(1).build();
        try {
            pool.addObserver(seen::add);
            assertThatThrownBy(() -> pool.map((Integer x) -> {
                halt();
                return x;
            }, range(1)));
        } finally {
            pool.close();
        }
        PoolActivity.WorkerExited exit = only(seen, PoolActivity.WorkerExited.class).getFirst();
        assertThat(exit.crashed()).isTrue();
        assertThat(exit.exitCode()).isEqualTo(3);
        assertThat(exit.cause()).contains("exited with code 3");
        PoolActivity.Problem problem = only(seen, PoolActivity.Problem.class).getFirst();
        assertThat(problem.kind()).isEqualTo(PoolActivity.ProblemKind.CRASH);
        assertThat(problem.task()).contains("map item 0");
        assertThat(only(seen, PoolActivity.TaskDone.class)).singleElement().matches(PoolActivity.TaskDone::failed);
    }

    @Test
    void anObserverAddedToAStoppedPoolIsToldItIsClosed() {
        Pool pool = Multiprocessing.context("thread").pool(1);
        pool.close();
        List<PoolActivity> seen = new CopyOnWriteArrayList<>();
        pool.addObserver(seen::add);
        assertThat(seen).singleElement().isInstanceOf(PoolActivity.Closed.class);
    }

    @Test
    void aPerCallListenerHearsTheEndOfItsCall() throws Exception {
        List<Progress> heard = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch last = new java.util.concurrent.CountDownLatch(1);
        try (Pool pool = Multiprocessing.context("thread").pool(2)) {
            pool.map((Integer x) -> x, range(20), p -> {
                heard.add(p);
                if (p.done() == 20) {
                    last.countDown();
                }
            });
            assertThat(last.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(heard.getLast().fraction()).isEqualTo(1.0);
    }

    @Test
    void askingForADashboardWithoutItsModuleSaysWhatToAdd() {
        assertThatThrownBy(() -> Pool.builder().context(Multiprocessing.context("thread")).workers(1).dashboard(0).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("multiprocessing4j-dashboard");
        assertThatThrownBy(() -> Pool.builder().dashboard(70_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
    }
}

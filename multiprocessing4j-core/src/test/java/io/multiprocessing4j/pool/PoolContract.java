package io.multiprocessing4j.pool;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every context's {@link Pool} and {@link ProcessPoolExecutor} must do. One shared pool serves
 * the read-only tests (starting worker JVMs per test would make the suite slow); tests that
 * change a pool's state make their own.
 */
@ExtendWith(NoLeftoverWorkers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class PoolContract {
    private Pool shared;

    abstract MpContext context();

    @BeforeAll
    void startSharedPool() {
        shared = context().pool(2);
        shared.map(PoolContract::square, range(8), 1);
        NoLeftoverWorkers.awaitConnectedWorkers(shared, 2);
    }

    @AfterAll
    void stopSharedPool() {
        shared.close();
    }

    static int square(int x) {
        return x * x;
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void mapReturnsResultsInInputOrder() {
        List<Integer> out = shared.map(PoolContract::square, range(1000));
        assertThat(out).isEqualTo(range(1000).stream().map(x -> x * x).toList());
    }

    @Test
    void aFailureOrAResultOfAnotherKindAmongManyTinyItemsTouchesOnlyItsOwnItem() {
        List<Outcome<Integer>> out = shared.mapOutcomes((Integer x) -> {
            if (x == 1500) {
                throw new IllegalStateException("item " + x + " fails");
            }
            return x;
        }, range(2000));
        for (int i = 0; i < 2000; i++) {
            if (i == 1500) {
                assertThat(out.get(i).error()).hasMessageContaining("item 1500 fails");
            } else {
                assertThat(out.get(i).value()).isEqualTo(i);
            }
        }
        List<Object> mixed = shared.map((Integer x) -> x == 1500 ? (Object) "fifteen hundred" : (Object) x, range(2000), 2000);
        assertThat(mixed.get(1500)).isEqualTo("fifteen hundred");
        assertThat(mixed.subList(0, 1500)).isEqualTo(new ArrayList<Object>(range(1500)));
        assertThat(mixed.subList(1501, 2000)).isEqualTo(new ArrayList<Object>(range(2000).subList(1501, 2000)));
    }

    @Test
    void mapWithChunksizeReturnsTheSame() {
        assertThat(shared.map(PoolContract::square, range(101), 7)).isEqualTo(range(101).stream().map(x -> x * x).toList());
    }

    @Test
    void mapOverLongsAndDoublesReturnsEveryValueExactly() {
        List<Long> longs = List.of(Long.MIN_VALUE, -1L, 0L, 1L, (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE);
        assertThat(shared.map((Long x) -> x, longs, 2)).isEqualTo(longs);
        List<Double> doubles = List.of(-0.0, 0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1.5, Double.MAX_VALUE);
        assertThat(shared.map((Double x) -> x, doubles, 3)).isEqualTo(doubles);
        List<Integer> ints = List.of(Integer.MIN_VALUE, -1, 0, 127, 128, Integer.MAX_VALUE);
        assertThat(shared.map((Integer x) -> x, ints)).isEqualTo(ints);
    }

    static Object ofSeveralKinds(Integer x) {
        return switch (x % 5) {
            case 0 -> x;
            case 1 -> (long) x;
            case 2 -> x / 2.0;
            case 3 -> "s" + x;
            default -> null;
        };
    }

    @Test
    void resultsKeepTheirTypeWhenAChunkOfNumbersReturnsSeveralKinds() {
        List<Object> expected = new ArrayList<>();
        range(200).forEach(x -> expected.add(ofSeveralKinds(x)));
        assertThat(shared.map(PoolContract::ofSeveralKinds, range(200), 50)).isEqualTo(expected);
        // numbers of one kind up to the last item of a chunk, then another kind
        assertThat(shared.map((Integer x) -> x == 99 ? (Object) "last" : (Object) x, range(100), 100))
                .isEqualTo(range(100).stream().map(x -> x == 99 ? (Object) "last" : (Object) x).toList());
        // a mixed input is not all one kind: it goes item by item
        List<Object> mixedInput = List.of(1, 2L, 3.0, 4, "five");
        assertThat(shared.map((Object x) -> x, mixedInput)).isEqualTo(mixedInput);
    }

    @Test
    void aFailingItemInAChunkOfNumbersFailsAloneAndTheItemsAroundItKeepTheirResults() {
        List<Outcome<Integer>> out = shared.mapOutcomes(PoolContract::failOn37, range(100));
        for (int i = 0; i < 100; i++) {
            if (i == 37) {
                assertThat(out.get(i).error()).isInstanceOf(IllegalArgumentException.class).hasMessage("bad item 37");
            } else {
                assertThat(out.get(i).value()).as("item %d", i).isEqualTo(i);
            }
        }
    }

    @Test
    void mapOfNothingIsEmpty() {
        assertThat(shared.map(PoolContract::square, List.<Integer>of())).isEmpty();
    }

    @Test
    void mapRethrowsTheTasksOwnExceptionType() {
        assertThatThrownBy(() -> shared.map((Integer x) -> {
            if (x == 37) {
                throw new IllegalArgumentException("bad item " + x);
            }
            return x;
        }, range(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad item 37")
                .satisfies(e -> assertThat(e.getSuppressed()).anySatisfy(s ->
                        assertThat(s).isInstanceOf(TaskFailedException.class).hasMessageContaining("item 37")));
    }

    static int failOn37(int x) {
        if (x == 37) {
            throw new IllegalArgumentException("bad item " + x);
        }
        return x;
    }

    static List<String> methodsOf(Throwable e) {
        return java.util.Arrays.stream(e.getStackTrace()).map(StackTraceElement::getMethodName).toList();
    }

    @Test
    void failedItemsExceptionShowsTheTaskFramesFirstThenTheCallersLine() {
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> shared.map(PoolContract::failOn37, range(100)));
        assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessage("bad item 37");
        List<String> methods = methodsOf(e);
        assertThat(methods.getFirst()).isEqualTo("failOn37");
        assertThat(methods).contains("failedItemsExceptionShowsTheTaskFramesFirstThenTheCallersLine");
        assertThat(methods.indexOf("failOn37"))
                .isLessThan(methods.indexOf("failedItemsExceptionShowsTheTaskFramesFirstThenTheCallersLine"));
        assertThat(e.getStackTrace()).noneMatch(f -> f.getClassName().startsWith("io.multiprocessing4j.internal."));
        assertThat(e.getCause()).as("no cause repeating the worker's trace").isNull();
        assertThat(e.getSuppressed()).singleElement().isInstanceOf(TaskFailedException.class)
                .extracting(Throwable::getMessage).asString()
                .contains("map item 37 (argument 37)").contains("PoolWorker-").contains("pid");
    }

    @Test
    void poolMadeExceptionsAlsoShowTheCallersLine() {
        try (Pool pool = Pool.builder().context(context()).workers(1).timeoutGrace(Duration.ofMillis(100)).build()) {
            Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> pool.apply((Integer x) -> {
                Thread.sleep(60_000);
                return x;
            }, 1, Duration.ofMillis(200)));
            assertThat(e).isInstanceOf(TaskTimeoutException.class).hasMessageContaining("apply item 0 (argument 1)");
            assertThat(methodsOf(e)).contains("poolMadeExceptionsAlsoShowTheCallersLine");
        }
    }

    @Test
    void checkedExceptionsArriveWrappedWithTheCause() {
        assertThatThrownBy(() -> shared.apply((Integer x) -> {
            throw new IOException("disk on fire");
        }, 1))
                .isInstanceOf(TaskFailedException.class)
                .cause().isInstanceOf(IOException.class).hasMessage("disk on fire");
    }

    @Test
    void mapOutcomesReportsEveryItem() {
        List<Outcome<Integer>> out = shared.mapOutcomes((Integer x) -> {
            if (x % 10 == 3) {
                throw new IllegalStateException("no " + x);
            }
            return x;
        }, range(30));
        assertThat(out).hasSize(30);
        assertThat(out.get(3).isSuccess()).isFalse();
        assertThat(out.get(3).error()).hasMessage("no 3");
        assertThat(out.get(4).value()).isEqualTo(4);
        assertThat(out.stream().filter(Outcome::isSuccess).count()).isEqualTo(27);
    }

    @Test
    void starmapAppliesPairs() {
        List<Map.Entry<Integer, Integer>> pairs = List.of(Map.entry(2, 3), Map.entry(4, 5));
        assertThat(shared.starmap((Integer a, Integer b) -> a * b, pairs)).containsExactly(6, 20);
    }

    record Pair(int a, int b) {
    }

    record Triple(String s, int n, long l) {
    }

    @Test
    void starmapAppliesTwoArgumentFunctionsToListsAndRecords() {
        assertThat(shared.starmap((Integer a, Integer b) -> a * b, List.of(List.of(2, 3), List.of(4, 5)))).containsExactly(6, 20);
        assertThat(shared.starmap((Integer a, Integer b) -> a - b, List.of(new Pair(5, 1), new Pair(1, 5)))).containsExactly(4, -4);
    }

    @Test
    void starmapAppliesThreeAndFourArgumentFunctionsToListsArraysAndRecords() {
        List<List<?>> lists = List.of(List.of("a", 1, 2L), List.of("b", 3, 4L));
        assertThat(shared.starmap((String s, Integer n, Long l) -> s + (n + l), lists)).containsExactly("a3", "b7");
        List<Object[]> arrays = List.<Object[]>of(new Object[]{"x", 2, 5L});
        assertThat(shared.starmap((String s, Integer n, Long l) -> s + n * l, arrays)).containsExactly("x10");
        assertThat(shared.starmap((String s, Integer n, Long l) -> s.repeat(n) + l, List.of(new Triple("ab", 2, 9L))))
                .containsExactly("abab9");
        assertThat(shared.starmap((Integer a, Integer b, Integer c, Integer d) -> a * 1000 + b * 100 + c * 10 + d,
                List.of(new int[]{1, 2, 3, 4}, List.of(4, 3, 2, 1)))).containsExactly(1234, 4321);
    }

    @Test
    void starmapAsyncWithThreeArgumentsDeliversTheList() throws Exception {
        AsyncResult<List<Integer>> r = shared.starmapAsync((Integer a, Integer b, Integer c) -> a + b + c,
                List.of(List.of(1, 2, 3), List.of(4, 5, 6)));
        assertThat(r.get(Duration.ofSeconds(30))).containsExactly(6, 15);
    }

    @Test
    void starmapWithTheWrongArityNamesTheItem() {
        assertThatThrownBy(() -> shared.starmap((Integer a, Integer b, Integer c) -> a + b + c,
                List.of(List.of(1, 2, 3), List.of(1, 2, 3), List.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("item 2").hasMessageContaining("has 2 arguments").hasMessageContaining("takes 3");
        assertThatThrownBy(() -> shared.starmap((Integer a, Integer b) -> a + b, List.of(List.of(1, 2), List.of(1, 2, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 1");
        assertThatThrownBy(() -> shared.starmap((Integer a, Integer b, Integer c) -> a, List.of("abc")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 0 is a java.lang.String");
    }

    @Test
    void applyAndApplyAsyncReturnTheValue() throws Exception {
        assertThat(shared.apply(PoolContract::square, 12)).isEqualTo(144);
        assertThat(shared.apply(() -> "called")).isEqualTo("called");
        AsyncResult<Integer> r = shared.applyAsync(PoolContract::square, 5);
        assertThat(r.get(Duration.ofSeconds(30))).isEqualTo(25);
        assertThat(r.ready()).isTrue();
        assertThat(r.successful()).isTrue();
    }

    @Test
    void applyAsyncCallbacksRunBeforeWaitersReturn() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        AsyncResult<Integer> ok = shared.applyAsync(PoolContract::square, 3, seen::add, seen::add);
        ok.await();
        assertThat(seen).containsExactly(9);
        AsyncResult<Integer> bad = shared.applyAsync((Integer x) -> {
            throw new IllegalStateException("nope");
        }, 3, seen::add, seen::add);
        assertThat(bad.await(Duration.ofSeconds(30))).isTrue();
        assertThat(bad.successful()).isFalse();
        assertThatThrownBy(bad::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(seen).hasSize(2);
    }

    @Test
    void successfulBeforeReadyIsRefused() {
        AsyncResult<Object> r = shared.applyAsync(() -> {
            Thread.sleep(300);
            return null;
        });
        if (!r.ready()) {
            assertThatThrownBy(r::successful).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void getWithTimeoutTimesOutWithoutKillingTheTask() throws Exception {
        AsyncResult<String> r = shared.applyAsync(() -> {
            Thread.sleep(500);
            return "late";
        });
        assertThatThrownBy(() -> r.get(Duration.ofMillis(10))).isInstanceOf(TimeoutException.class);
        assertThat(r.get()).isEqualTo("late");
    }

    @Test
    void mapAsyncDeliversTheList() throws Exception {
        AsyncResult<List<Integer>> r = shared.mapAsync(PoolContract::square, range(10));
        assertThat(r.toCompletableFuture().get(30, TimeUnit.SECONDS)).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
    }

    @Test
    void imapIsOrderedAndLazyOverAnEndlessInput() {
        Iterable<Integer> endless = () -> new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return next++;
            }
        };
        List<Integer> first = new ArrayList<>();
        try (ResultIterator<Integer> it = shared.imap(PoolContract::square, endless)) {
            while (first.size() < 500) {
                first.add(it.next());
            }
        }
        assertThat(first).isEqualTo(range(500).stream().map(x -> x * x).toList());
    }

    /**
     * Item 10 of 20 waits for an event; every other item takes 20 ms, so the pool keeps a second
     * one-item chunk queued in the worker. The results before item 10 must reach the caller while
     * item 10 runs: a worker that held a finished chunk's results while it ran the next one would
     * also keep its window from being refilled.
     */
    @Test
    void resultsOfFinishedItemsArriveWhileTheWorkersNextItemStillRuns() throws Exception {
        try (Pool pool = context().pool(1); io.multiprocessing4j.sync.ProcessEvent release = context().event()) {
            ResultIterator<Integer> it = pool.imap((Integer x) -> waitOrNap(x, release), range(20), 1);
            try {
                for (int i = 0; i < 10; i++) {
                    assertThat(it.next(Duration.ofSeconds(20))).as("result %d, while item 10 still runs", i).isEqualTo(i);
                }
            } finally {
                release.set();
            }
            for (int i = 10; i < 20; i++) {
                assertThat(it.next(Duration.ofSeconds(20))).isEqualTo(i);
            }
        }
    }

    /** Item 10 waits (at most 40 s) for {@code release}; the others take 20 ms. */
    static int waitOrNap(int x, io.multiprocessing4j.sync.ProcessEvent release) {
        try {
            if (x == 10) {
                release.await(40, TimeUnit.SECONDS);
            } else {
                Thread.sleep(20);
            }
            return x;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A loop of applies with capturing lambdas sends a new function every call; a worker keeps a
     * bounded table of them, so the first one is forgotten along the way and must be defined again.
     */
    @Test
    void aFunctionStillRunsAfterSeveralHundredOthersWereSentToTheSameWorker() {
        try (Pool pool = context().pool(1)) {
            int base = 1000;
            io.multiprocessing4j.function.SerializableFunction<Integer, Integer> first = x -> x + base;
            assertThat(pool.apply(first, 1)).isEqualTo(1001);
            for (int i = 0; i < 600; i++) {
                int k = i;
                assertThat(pool.apply((Integer x) -> x + k, 1)).isEqualTo(1 + k);
            }
            assertThat(pool.apply(first, 2)).isEqualTo(1002);
            assertThat(pool.map(first, range(3))).containsExactly(1000, 1001, 1002);
        }
    }

    @Test
    void imapUnorderedReturnsEveryResult() {
        List<Integer> out = new ArrayList<>();
        shared.imapUnordered(PoolContract::square, range(200)).forEach(out::add);
        assertThat(out).containsExactlyInAnyOrderElementsOf(range(200).stream().map(x -> x * x).toList());
    }

    @Test
    void imapDeliversAFailureInPlaceAndGoesOn() {
        ResultIterator<Integer> it = shared.imap((Integer x) -> {
            if (x == 2) {
                throw new IllegalArgumentException("two");
            }
            return x;
        }, range(4));
        assertThat(it.next()).isZero();
        assertThat(it.next()).isEqualTo(1);
        assertThatThrownBy(it::next).isInstanceOf(IllegalArgumentException.class).hasMessage("two");
        assertThat(it.next()).isEqualTo(3);
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void badArgumentsAreRefusedWithTheirNames() {
        assertThatThrownBy(() -> shared.map(null, range(3))).isInstanceOf(NullPointerException.class).hasMessageContaining("function");
        assertThatThrownBy(() -> shared.map(PoolContract::square, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("items");
        assertThatThrownBy(() -> shared.map(PoolContract::square, range(3), 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunksize");
        assertThatThrownBy(() -> context().pool(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
        assertThatThrownBy(() -> Pool.builder().workers(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pool.builder().taskTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void useAfterCloseIsRefusedAndJoinReturns() throws Exception {
        Pool pool = context().pool(1);
        assertThat(pool.apply(PoolContract::square, 3)).isEqualTo(9);
        pool.close();
        pool.join();
        assertThat(pool.isClosed()).isTrue();
        assertThatThrownBy(() -> pool.map(PoolContract::square, range(3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void joinBeforeCloseIsRefused() {
        assertThatThrownBy(shared::join).isInstanceOf(IllegalStateException.class).hasMessageContaining("close()");
    }

    @Test
    void closeWaitsForPendingAsyncWork() throws Exception {
        Pool pool = context().pool(2);
        AsyncResult<List<Integer>> r = pool.mapAsync((Integer x) -> {
            Thread.sleep(20);
            return x;
        }, range(10));
        pool.close();
        assertThat(r.ready()).isTrue();
        assertThat(r.get()).isEqualTo(range(10));
    }

    @Test
    void terminateCancelsRunningCallsPromptly() throws Exception {
        Pool pool = context().pool(1);
        AsyncResult<Object> r = pool.applyAsync(() -> {
            Thread.sleep(60_000);
            return null;
        });
        pool.terminate();
        pool.join();
        assertThat(r.ready()).isTrue();
        assertThat(r.successful()).isFalse();
    }

    @Test
    void closeAfterPartialImapConsumptionReturnsPromptly() {
        Pool pool = context().pool(2);
        Iterable<Integer> endless = () -> IntStream.iterate(0, i -> i + 1).iterator();
        ResultIterator<Integer> it = pool.imap(PoolContract::square, endless);
        assertThat(it.next()).isZero();
        pool.close();
        assertThat(pool.isClosed()).isTrue();
    }

    @Test
    void overdueTaskIsKilledAndThePoolKeepsWorking() throws Exception {
        try (Pool pool = Pool.builder().context(context()).workers(1).taskTimeout(Duration.ofMillis(300))
                .timeoutGrace(Duration.ofMillis(200)).build()) {
            AsyncResult<Object> stuck = pool.applyAsync(() -> {
                long x = 0;
                while (true) {
                    x++; // ignores interrupts: only a kill stops it
                    if (x == Long.MIN_VALUE) {
                        return x;
                    }
                }
            });
            assertThatThrownBy(stuck::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TaskTimeoutException.class);
            assertThat(pool.apply(PoolContract::square, 7)).isEqualTo(49);
        }
    }

    @Test
    void aDeadlineCountsFromEachItemsOwnStartAfterARunOfTinyItems() {
        // workers time tiny items in groups; an item of a call with a deadline must still be timed
        // from its own start: here the last item would seem to have run 0.8 s longer than it did
        // (enough items before them for a young worker's loop to be compiled and its items tiny)
        int tiny = 200_000;
        try (Pool pool = Pool.builder().context(context()).workers(1).taskTimeout(Duration.ofSeconds(1))
                .timeoutGrace(Duration.ofMillis(100)).build()) {
            List<Integer> out = pool.map((Integer x) -> {
                if (x >= tiny) {
                    Thread.sleep(400);
                }
                return x;
            }, range(tiny + 3), tiny + 3);
            assertThat(out).isEqualTo(range(tiny + 3));
        }
    }

    @Test
    void overdueItemInAChunkFailsAloneAndTheRestSucceed() {
        try (Pool pool = Pool.builder().context(context()).workers(1).taskTimeout(Duration.ofMillis(300))
                .timeoutGrace(Duration.ofMillis(100)).build()) {
            List<Outcome<Integer>> out = pool.mapOutcomes((Integer x) -> {
                if (x == 3) {
                    Thread.sleep(60_000);
                }
                return x;
            }, range(8));
            assertThat(out.get(3).error()).isInstanceOf(TaskTimeoutException.class);
            for (int i = 0; i < 8; i++) {
                if (i != 3) {
                    assertThat(out.get(i).value()).isEqualTo(i);
                }
            }
        }
    }

    @Test
    void perCallTimeoutFailsOnlyThatCallAndOtherCallsSucceed() throws Exception {
        try (Pool pool = Pool.builder().context(context()).workers(1).timeoutGrace(Duration.ofMillis(100)).build()) {
            AsyncResult<Object> stuck = pool.applyAsync((Integer x) -> {
                Thread.sleep(60_000);
                return x;
            }, 1, Duration.ofMillis(300));
            AsyncResult<Integer> after = pool.applyAsync(PoolContract::square, 6);
            assertThatThrownBy(stuck::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TaskTimeoutException.class).hasMessageContaining("300 ms");
            assertThat(after.get(Duration.ofSeconds(30))).isEqualTo(36);
            assertThat(pool.apply(PoolContract::square, 7, Duration.ofSeconds(30))).isEqualTo(49);
            assertThat(pool.applyAsync(() -> "fine", Duration.ofSeconds(30)).get()).isEqualTo("fine");
        }
    }

    @Test
    void perCallTimeoutOverridesThePoolsAndApplyThrowsTaskTimeout() {
        try (Pool pool = Pool.builder().context(context()).workers(1).taskTimeout(Duration.ofSeconds(60))
                .timeoutGrace(Duration.ofMillis(100)).build()) {
            assertThatThrownBy(() -> pool.apply((Integer x) -> {
                Thread.sleep(60_000);
                return x;
            }, 1, Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(TaskTimeoutException.class,
                            e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(200)));
        }
    }

    @Test
    void mapWithPerItemTimeoutFailsOnlyTheOverdueItem() {
        try (Pool pool = Pool.builder().context(context()).workers(1).timeoutGrace(Duration.ofMillis(100)).build()) {
            List<Outcome<Integer>> out = pool.mapOutcomes((Integer x) -> {
                if (x == 3) {
                    Thread.sleep(60_000);
                }
                return x;
            }, range(6), Duration.ofMillis(300));
            assertThat(out.get(3).error()).isInstanceOf(TaskTimeoutException.class).hasMessageContaining("item 3");
            assertThat(out.stream().filter(Outcome::isSuccess).count()).isEqualTo(5);
            assertThatThrownBy(() -> pool.map((Integer x) -> {
                if (x == 1) {
                    Thread.sleep(60_000);
                }
                return x;
            }, range(3), Duration.ofMillis(300))).isInstanceOf(TaskTimeoutException.class).hasMessageContaining("item 1");
            assertThat(pool.map(PoolContract::square, range(4), Duration.ofSeconds(30))).containsExactly(0, 1, 4, 9);
        }
    }

    @Test
    void badPerCallTimeoutsAreRefusedWithTheirNames() {
        assertThatThrownBy(() -> shared.apply(PoolContract::square, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> shared.map(PoolContract::square, range(2), (Duration) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("timeoutPerItem");
    }

    @Test
    void workerIdsStayWithinZeroToWorkersMinusOneAcrossReplacements() {
        try (Pool pool = Pool.builder().context(context()).workers(2).maxTasksPerChild(3).build()) {
            List<Integer> ids = pool.map((Integer x) -> PoolWorker.id(), range(20), 1);
            assertThat(ids).hasSize(20).allMatch(id -> id == 0 || id == 1);
        }
        assertThat(PoolWorker.isPoolWorker()).isFalse();
        assertThatThrownBy(PoolWorker::id).isInstanceOf(IllegalStateException.class).hasMessageContaining("pool worker");
    }

    @Test
    void workerStateIsBuiltOncePerWorkerAndKeptAcrossItems() {
        try (Pool pool = Pool.builder().context(context()).workers(2)
                .initializer(() -> System.setProperty("mp4j.test.state-init", "yes"))
                .workerState(() -> new ArrayList<>(List.of("id " + PoolWorker.id(), System.getProperty("mp4j.test.state-init"))))
                .build()) {
            List<String> seen = pool.mapWithState((List<String> state, Integer x) -> {
                state.add("item " + x);
                return state.get(0) + " " + state.get(1) + " " + (state.size() - 2);
            }, range(30));
            // per worker, the counts 1, 2, 3... prove one state object kept across items
            java.util.Map<String, List<Integer>> countsByWorker = new java.util.TreeMap<>();
            for (String s : seen) {
                String[] parts = s.split(" ");
                assertThat(parts[2]).as("the initializer ran before the state supplier").isEqualTo("yes");
                countsByWorker.computeIfAbsent(parts[0] + " " + parts[1], k -> new ArrayList<>()).add(Integer.parseInt(parts[3]));
            }
            assertThat(countsByWorker.keySet()).allMatch(k -> k.equals("id 0") || k.equals("id 1"));
            int total = 0;
            for (List<Integer> counts : countsByWorker.values()) {
                assertThat(counts).doesNotHaveDuplicates();
                total += counts.stream().mapToInt(Integer::intValue).max().orElse(0);
            }
            assertThat(total).isEqualTo(30);
            assertThat(pool.map((Integer x) -> PoolWorker.<List<String>>state().getFirst(), range(4))).allMatch(s -> s.startsWith("id "));
        } finally {
            System.clearProperty("mp4j.test.state-init");
        }
    }

    @Test
    void workerExitHooksRunWhenWorkersRetireAndTheCallerCollectsTheirResults() {
        Pool pool = Pool.builder().context(context()).workers(2).maxTasksPerChild(5)
                .workerState(() -> new int[1])
                .workerExit((int[] count) -> "worker " + PoolWorker.id() + " ran " + count[0])
                .build();
        List<Integer> out = pool.mapWithState((int[] count, Integer x) -> {
            count[0]++;
            return x;
        }, range(20));
        assertThat(out).isEqualTo(range(20));
        pool.close();
        List<Outcome<Object>> exits = pool.exitResults();
        assertThat(exits).isNotEmpty().allMatch(Outcome::isSuccess);
        int total = 0;
        for (Outcome<Object> o : exits) {
            String[] parts = ((String) o.value()).split(" ");
            assertThat(parts[1]).isIn("0", "1");
            total += Integer.parseInt(parts[3]);
        }
        assertThat(total).as("every item counted by the worker that ran it").isEqualTo(20);
        assertThat(exits.size()).isGreaterThanOrEqualTo(2); // both workers, and every recycled one
    }

    @Test
    void workerExitHookThatThrowsIsCollectedAsAFailure() {
        Pool pool = Pool.builder().context(context()).workers(1)
                .workerExit(state -> {
                    throw new IllegalStateException("cannot flush");
                }).build();
        assertThat(pool.apply(PoolContract::square, 3)).isEqualTo(9);
        pool.close();
        assertThat(pool.exitResults()).singleElement().satisfies(o -> assertThat(o.error()).hasMessage("cannot flush"));
        assertThat(shared.exitResults()).isEmpty();
    }

    @Test
    void mapWithStateWithoutWorkerStateIsRefusedAndAFailingSupplierBreaksThePool() {
        assertThatThrownBy(() -> shared.mapWithState((Object s, Integer x) -> x, range(3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("workerState");
        assertThatThrownBy(() -> shared.apply((Integer x) -> PoolWorker.state(), 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("workerState");
        try (Pool pool = Pool.builder().context(context()).workers(1).workerState(() -> {
            throw new IllegalStateException("no model file");
        }).build()) {
            assertThatThrownBy(() -> pool.mapWithState((Object s, Integer x) -> x, range(3)))
                    .isInstanceOf(InitializerFailedException.class).cause().hasMessage("no model file");
            assertThat(pool.isBroken()).isTrue();
        }
    }

    @Test
    void initializerRunsOnceInEachWorker() {
        try (Pool pool = Pool.builder().context(context()).workers(2)
                .initializer((String v) -> System.setProperty("mp4j.test.init", v), "ready").build()) {
            List<String> seen = pool.map((Integer x) -> System.getProperty("mp4j.test.init"), range(20));
            assertThat(seen).containsOnly("ready");
        } finally {
            System.clearProperty("mp4j.test.init");
        }
    }

    @Test
    void failingInitializerFailsCallsInsteadOfLooping() {
        try (Pool pool = Pool.builder().context(context()).workers(2).initializer(() -> {
            throw new IllegalStateException("cannot init");
        }).build()) {
            assertThatThrownBy(() -> pool.map(PoolContract::square, range(10)))
                    .isInstanceOf(InitializerFailedException.class)
                    .cause().isInstanceOf(IllegalStateException.class).hasMessage("cannot init");
            assertThatThrownBy(() -> pool.apply(PoolContract::square, 1)).isInstanceOf(InitializerFailedException.class);
        }
    }

    @Test
    void poolWhoseInitializerFailsEverywhereIsBroken() {
        try (Pool pool = Pool.builder().context(context()).workers(2).initializer(() -> {
            throw new IllegalStateException("cannot init");
        }).build()) {
            assertThatThrownBy(() -> pool.map(PoolContract::square, range(4))).isInstanceOf(BrokenPoolException.class)
                    .hasMessageContaining("initializer");
            assertThat(pool.isBroken()).isTrue();
        }
        assertThat(shared.isBroken()).isFalse();
    }

    @Test
    void joinWithTimeoutNeedsCloseAndReportsTheEnd() throws Exception {
        Pool pool = context().pool(1);
        assertThatThrownBy(() -> pool.join(Duration.ofMillis(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("close()");
        assertThatThrownBy(() -> pool.join(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
        assertThat(pool.apply(PoolContract::square, 4)).isEqualTo(16);
        pool.terminate();
        assertThat(pool.join(Duration.ofSeconds(30))).isTrue();
        assertThat(pool.join(Duration.ZERO)).isTrue();
    }

    @Test
    void maxTasksPerChildReplacesWorkers() {
        try (Pool pool = Pool.builder().context(context()).workers(1).maxTasksPerChild(5).build()) {
            assertThat(pool.map(PoolContract::square, range(23), 1)).isEqualTo(range(23).stream().map(x -> x * x).toList());
            assertThat(pool.insights().workers().size()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void progressListenerSeesTheEnd() throws Exception {
        List<Progress> seen = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch last = new java.util.concurrent.CountDownLatch(1);
        try (Pool pool = Pool.builder().context(context()).workers(2).progressListener(p -> {
            seen.add(p);
            if (p.done() == 50) {
                last.countDown();
            }
        }).build()) {
            pool.map(PoolContract::square, range(50));
            assertThat(last.await(30, TimeUnit.SECONDS)).isTrue();
        }
        Progress end = seen.getLast();
        assertThat(end.total()).hasValue(50);
        assertThat(end.fraction()).isEqualTo(1.0);
    }

    @Test
    void insightsDescribeWorkersAndSlowTasks() {
        shared.map(PoolContract::square, range(100));
        PoolInsights in = shared.insights();
        assertThat(in.workers()).isNotEmpty();
        assertThat(in.slowestTasks()).isNotEmpty();
        assertThat(in.toString()).contains("PoolWorker");
    }

    @Test
    void slowestTasksAreTheTenSlowestItemsSlowestFirstWithTheirArguments() {
        try (Pool pool = context().pool(1)) {
            // each long item takes longer than the one before, so each enters the ten slowest in turn;
            // the two short ones stay 25 ms below the shortest long one
            pool.map(PoolContract::napMillis, List.of(1, 2, 30, 31, 32, 33, 34, 35, 36, 37, 38, 80), 1);
            List<PoolInsights.SlowTask> slow = pool.insights().slowestTasks();
            assertThat(slow).hasSize(10);
            assertThat(slow.getFirst().argument()).isEqualTo("80");
            assertThat(slow.getFirst().description()).endsWith("item 11");
            assertThat(slow.getFirst().duration()).isGreaterThanOrEqualTo(Duration.ofMillis(80));
            assertThat(slow).extracting(PoolInsights.SlowTask::duration).isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(slow).extracting(PoolInsights.SlowTask::argument).doesNotContain("1", "2");
        }
    }

    static int napMillis(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return millis;
    }

    @Test
    void executorSubmitInvokeAllAndMap() throws Exception {
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.of(Pool.builder().context(context()).workers(2))) {
            Future<Integer> f = ex.submit(() -> 6 * 7);
            assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(42);
            List<Future<Integer>> all = ex.invokeAll(List.<java.util.concurrent.Callable<Integer>>of(
                    (io.multiprocessing4j.function.SerializableCallable<Integer>) () -> 1,
                    (io.multiprocessing4j.function.SerializableCallable<Integer>) () -> 2));
            assertThat(all.get(0).get() + all.get(1).get()).isEqualTo(3);
            List<Integer> mapped = new ArrayList<>();
            ex.map(PoolContract::square, range(5)).forEach(mapped::add);
            assertThat(mapped).containsExactly(0, 1, 4, 9, 16);
            assertThat(ex.invokeAny(List.<java.util.concurrent.Callable<String>>of(
                    (io.multiprocessing4j.function.SerializableCallable<String>) () -> "any"))).isEqualTo("any");
        }
    }

    @Test
    void executorCancelTrueStopsARunningTaskAndKeepsServing() throws Exception {
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.of(Pool.builder().context(context()).workers(1));
             io.multiprocessing4j.sync.ProcessEvent running = context().event()) {
            Future<Object> f = ex.submit(() -> {
                running.set();
                Thread.sleep(60_000);
                return null;
            });
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue(); // it is running now
            assertThat(f.cancel(true)).isTrue();
            assertThat(f.isCancelled()).isTrue();
            Future<Integer> after = ex.submit(() -> 5);
            assertThat(after.get(30, TimeUnit.SECONDS)).isEqualTo(5);
        }
    }

    @Test
    void executorShutdownRefusesNewTasks() throws Exception {
        ProcessPoolExecutor ex = ProcessPoolExecutor.of(Pool.builder().context(context()).workers(1));
        ex.shutdown();
        assertThat(ex.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(ex.isShutdown()).isTrue();
        assertThat(ex.isTerminated()).isTrue();
        assertThatThrownBy(() -> ex.submit(() -> 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void currentProcessNameInAWorkerIsThePoolWorkersName() {
        String name = shared.apply(() -> Multiprocessing.currentProcess().name());
        assertThat(name).contains("PoolWorker-");
    }
}

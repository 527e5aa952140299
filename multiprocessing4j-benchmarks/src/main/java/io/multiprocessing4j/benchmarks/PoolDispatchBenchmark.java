package io.multiprocessing4j.benchmarks;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The whole dispatch path of a warm pool: one {@code apply} round trip (frame write, worker run,
 * result batch, result assembly) and a {@code map} of 10 000 tiny items with chunk size 1 and with
 * automatic chunks, per context.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class PoolDispatchBenchmark {
    @Param({"spawn", "thread"})
    public String context;

    private Pool pool;
    private List<Integer> items;

    static Integer identity(Integer x) {
        return x;
    }

    @Setup
    public void setUp() {
        pool = Multiprocessing.context(context).pool(2);
        items = IntStream.range(0, 10_000).boxed().toList();
        pool.map(PoolDispatchBenchmark::identity, items);
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public Integer applyRoundTrip() {
        return pool.apply(PoolDispatchBenchmark::identity, 1);
    }

    @Benchmark
    public List<Integer> map10kChunksize1() {
        return pool.map(PoolDispatchBenchmark::identity, items, 1);
    }

    @Benchmark
    public List<Integer> map10kAutoChunks() {
        return pool.map(PoolDispatchBenchmark::identity, items);
    }
}

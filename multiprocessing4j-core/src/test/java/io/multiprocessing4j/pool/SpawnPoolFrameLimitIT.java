package io.multiprocessing4j.pool;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.connection.FrameTooLargeException;
import io.multiprocessing4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An oversized frame fails only the call it belongs to, and the pool goes on serving. The limit
 * is fixed at JVM start, so the pool's owner runs as a JVM of its own with
 * {@code -Dmp4j.maxFrameBytes=65536}; its workers inherit the limit. Each case prints one line
 * the test checks; a hang (the old behaviour) times the program out.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SpawnPoolFrameLimitIT {
    private static final int LIMIT = 65_536;

    public static void main(String[] args) throws Exception {
        try (Pool pool = Multiprocessing.context("spawn").pool(1)) {
            // a result over the limit
            report("result", () -> pool.apply((Integer n) -> new byte[n], 100_000).length);
            report("after result", () -> pool.apply((Integer x) -> x + 1, 1));
            // items that fit one by one but not together in one chunk: the chunk is split
            List<byte[]> items = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                items.add(new byte[20_000]);
            }
            report("chunk", () -> pool.map((byte[] b) -> b.length, items, 10).stream().mapToInt(Integer::intValue).sum());
            // one item over the limit with its frame
            report("item", () -> pool.map((byte[] b) -> b.length, List.of(new byte[10], new byte[LIMIT]), 2));
            report("after item", () -> pool.apply((Integer x) -> x + 2, 1));
            // a function that captures more than the limit
            byte[] captured = new byte[100_000];
            report("function", () -> pool.map((Integer x) -> captured.length + x, List.of(1)));
            report("after function", () -> pool.apply((Integer x) -> x + 3, 1));
            // results that fit one by one but not together in one chunk
            report("chunk results", () -> pool.map((Integer n) -> new byte[20_000], IntStream.range(0, 5).boxed().toList(), 5).size());
            report("async result", () -> pool.applyAsync((Integer n) -> new byte[n], 100_000).get(java.time.Duration.ofSeconds(60)).length);
            report("last", () -> pool.map((Integer x) -> x * 2, List.of(1, 2, 3)));
        }
        System.exit(0);
    }

    private static void report(String name, java.util.concurrent.Callable<Object> call) {
        try {
            System.out.println(name + " -> " + call.call());
        } catch (Exception e) {
            Throwable t = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            System.out.println(name + " !! " + t.getClass().getName() + ": " + t.getMessage());
        }
    }

    @Test
    void anOversizedResultChunkOrFunctionFailsOnlyItsCallAndThePoolGoesOn() throws Exception {
        ChildJvm.Result r = ChildJvm.run(SpawnPoolFrameLimitIT.class,
                List.of("-Dmp4j.maxFrameBytes=" + LIMIT, "-Dmp4j.spareWorkers=0"), List.of(), 240);
        String out = r.output();
        assertThat(r.timedOut()).as("pool hung:\n" + out).isFalse();
        String tooLarge = " !! " + FrameTooLargeException.class.getName() + ": ";
        assertThat(out).contains("result" + tooLarge + "the result of item 0");
        assertThat(out).contains("after result -> 2");
        assertThat(out).contains("chunk -> 200000");
        assertThat(out).contains("item" + tooLarge + "map item 1 (serialized)");
        assertThat(out).contains("after item -> 3");
        assertThat(out).contains("function" + tooLarge + "the task function");
        assertThat(out).contains("after function -> 4");
        assertThat(out).contains("chunk results" + tooLarge + "the results of this chunk");
        assertThat(out).contains("async result" + tooLarge);
        assertThat(out).contains("last -> [2, 4, 6]");
        assertThat(out).contains("maximum frame size of " + LIMIT + " bytes", "-Dmp4j.maxFrameBytes");
        assertThat(r.exitCode()).as(out).isZero();
    }
}

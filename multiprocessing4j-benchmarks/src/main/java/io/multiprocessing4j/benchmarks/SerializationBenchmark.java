package io.multiprocessing4j.benchmarks;

import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The per-item cost on the pool's dispatch path: serializing an argument in the caller and
 * reading it back in the worker, for the fast-path types and for JDK serialization.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class SerializationBenchmark {
    record Point(int id, String name, double x, double y, long ts) implements Serializable {
    }

    private final DefaultSerializer serializer = DefaultSerializer.INSTANCE;
    private final ClassLoader loader = SerializationBenchmark.class.getClassLoader();
    private Integer boxed;
    private List<Integer> hundredInts;
    private Point point;
    private SerializableFunction<Integer, Integer> lambda;
    private byte[] boxedBytes;
    private byte[] listBytes;
    private byte[] pointBytes;
    private byte[] lambdaBytes;

    @Setup
    public void setUp() {
        boxed = 123_456;
        hundredInts = IntStream.range(0, 100).boxed().toList();
        point = new Point(7, "seven", 1.5, 2.5, 99L);
        int factor = 3;
        lambda = x -> x * factor;
        boxedBytes = serializer.serialize(boxed);
        listBytes = serializer.serialize(hundredInts);
        pointBytes = serializer.serialize(point);
        lambdaBytes = serializer.serialize(lambda);
    }

    @Benchmark
    public byte[] writeInteger() {
        return serializer.serialize(boxed);
    }

    @Benchmark
    public Object readInteger() {
        return serializer.deserialize(boxedBytes, loader);
    }

    @Benchmark
    public byte[] writeListOf100Ints() {
        return serializer.serialize(hundredInts);
    }

    @Benchmark
    public Object readListOf100Ints() {
        return serializer.deserialize(listBytes, loader);
    }

    @Benchmark
    public byte[] writeRecord() {
        return serializer.serialize(point);
    }

    @Benchmark
    public Object readRecord() {
        return serializer.deserialize(pointBytes, loader);
    }

    @Benchmark
    public byte[] writeLambda() {
        return serializer.serialize(lambda);
    }

    @Benchmark
    public Object readLambda() {
        return serializer.deserialize(lambdaBytes, loader);
    }
}

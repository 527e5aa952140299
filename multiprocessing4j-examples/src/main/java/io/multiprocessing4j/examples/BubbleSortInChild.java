package io.multiprocessing4j.examples;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Bubble sort in a child process. The array travels to the child as the process's argument
 * (serialized, as Python pickles {@code args}); the child writes the sorted array to a file the
 * parent reads back. (With a queue or a pipe the result would come back as a message.)
 *
 * <pre>
 * p = Process(target=bubble_sort, args=(data,)); p.start(); p.join()
 * </pre>
 *
 * Argument: array length (default 2000).
 */
public final class BubbleSortInChild {

    /** What the child gets: the numbers and where to put the result. */
    record Job(int[] numbers, String resultFile) implements Serializable {
    }

    private BubbleSortInChild() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing what the parent sees to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int[] numbers = new Random(42).ints(n, 0, 1_000_000).toArray();
        Path result = Files.createTempFile("bubble", ".txt");
        try {
            ChildProcess p = Multiprocessing.process(BubbleSortInChild::sortToFile, new Job(numbers, result.toString()));
            p.start();
            p.join();
            int[] sorted = Arrays.stream(Files.readString(result).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
            int[] expected = numbers.clone();
            Arrays.sort(expected);
            out.println("child exit code " + p.exitCode() + "; sorted " + sorted.length + " numbers; "
                    + (Arrays.equals(sorted, expected) ? "order correct" : "ORDER WRONG"));
        } finally {
            Files.deleteIfExists(result);
        }
    }

    static void sortToFile(Job job) throws IOException {
        int[] a = job.numbers().clone();
        for (int i = 0; i < a.length - 1; i++) {
            for (int j = 0; j < a.length - 1 - i; j++) {
                if (a[j] > a[j + 1]) {
                    int t = a[j];
                    a[j] = a[j + 1];
                    a[j + 1] = t;
                }
            }
        }
        Files.writeString(Path.of(job.resultFile()),
                Arrays.stream(a).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
    }
}

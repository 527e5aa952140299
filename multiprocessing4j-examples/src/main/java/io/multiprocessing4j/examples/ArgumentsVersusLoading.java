package io.multiprocessing4j.examples;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Passing data to a worker in its arguments versus letting the worker load it itself. Arguments are
 * serialized by the parent and read by the child, so big inputs cost twice; passing a file name
 * (or a shared-memory name) and loading inside the worker avoids the copy through the parent.
 *
 * <pre>
 * Process(target=work, args=(big_array,))      # pickled and sent
 * Process(target=work_from_file, args=(path,)) # the child reads it
 * </pre>
 *
 * Argument: how many doubles (default 5 000 000).
 */
public final class ArgumentsVersusLoading {

    private ArgumentsVersusLoading() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing what the parent sees to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        double[] data = new Random(1).doubles(n).toArray();
        Path file = Files.createTempFile("data", ".bin");
        try {
            try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
                o.writeInt(n);
                for (double d : data) {
                    o.writeDouble(d);
                }
            }
            long t0 = System.nanoTime();
            ChildProcess a = Multiprocessing.process(ArgumentsVersusLoading::sumArgument, data).start();
            a.join();
            double passed = (System.nanoTime() - t0) / 1e6;

            t0 = System.nanoTime();
            ChildProcess b = Multiprocessing.process(ArgumentsVersusLoading::sumFile, file.toString()).start();
            b.join();
            double loaded = (System.nanoTime() - t0) / 1e6;

            out.printf(Locale.ROOT, "%,d doubles passed as argument: %.0f ms (exit %d)%n", n, passed, a.exitCode());
            out.printf(Locale.ROOT, "%,d doubles loaded in the worker: %.0f ms (exit %d)%n", n, loaded, b.exitCode());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static void sumArgument(double[] data) {
        double s = 0;
        for (double d : data) {
            s += d;
        }
        System.out.printf(Locale.ROOT, "sum of the argument: %.3f%n", s);
    }

    static void sumFile(String path) throws IOException {
        double s = 0;
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(Path.of(path))))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                s += in.readDouble();
            }
        }
        System.out.printf(Locale.ROOT, "sum of the file: %.3f%n", s);
    }
}

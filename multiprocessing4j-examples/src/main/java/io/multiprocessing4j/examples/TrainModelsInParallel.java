package io.multiprocessing4j.examples;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Training independent small models in parallel, one per worker, and timing each: the
 * embarrassingly parallel case (a hyper-parameter search). The data set is generated in code:
 * y = 3 x1 - 2 x2 + 0.5 + noise; each model is a linear regression fitted by gradient descent with
 * its own learning rate.
 *
 * <pre>
 * with Pool() as pool:
 *     results = pool.map(train, [0.001, 0.01, 0.05, 0.1])
 * </pre>
 *
 * Argument: samples (default 20 000).
 */
public final class TrainModelsInParallel {

    /** What one model run gets. */
    record Job(double learningRate, int samples, int epochs) implements Serializable {
    }

    /** What it returns: the fitted weights, the final error and how long it took. */
    record Result(double learningRate, double w1, double w2, double bias, double mse, double seconds, long pid)
            implements Serializable {
    }

    private TrainModelsInParallel() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        List<Job> jobs = new ArrayList<>();
        for (double lr : new double[] {0.001, 0.01, 0.05, 0.1}) {
            jobs.add(new Job(lr, samples, 200));
        }
        long t0 = System.nanoTime();
        try (Pool pool = Multiprocessing.context().pool(Multiprocessing.cpuCount())) {
            for (Result r : pool.map(TrainModelsInParallel::train, jobs)) {
                out.printf(Locale.ROOT, "lr=%-6s w1=%6.3f w2=%6.3f b=%6.3f mse=%.4f  %.2f s in pid %d%n",
                        r.learningRate(), r.w1(), r.w2(), r.bias(), r.mse(), r.seconds(), r.pid());
            }
        }
        out.printf(Locale.ROOT, "trained %d models in %.2f s%n", jobs.size(), (System.nanoTime() - t0) / 1e9);
    }

    static Result train(Job job) {
        long t0 = System.nanoTime();
        Random rnd = new Random(7);
        int n = job.samples();
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x1[i] = rnd.nextGaussian();
            x2[i] = rnd.nextGaussian();
            y[i] = 3 * x1[i] - 2 * x2[i] + 0.5 + 0.1 * rnd.nextGaussian();
        }
        double w1 = 0;
        double w2 = 0;
        double b = 0;
        double mse = 0;
        for (int epoch = 0; epoch < job.epochs(); epoch++) {
            double g1 = 0;
            double g2 = 0;
            double gb = 0;
            mse = 0;
            for (int i = 0; i < n; i++) {
                double err = w1 * x1[i] + w2 * x2[i] + b - y[i];
                g1 += err * x1[i];
                g2 += err * x2[i];
                gb += err;
                mse += err * err;
            }
            w1 -= job.learningRate() * 2 * g1 / n;
            w2 -= job.learningRate() * 2 * g2 / n;
            b -= job.learningRate() * 2 * gb / n;
            mse /= n;
        }
        return new Result(job.learningRate(), w1, w2, b, mse, (System.nanoTime() - t0) / 1e9, ProcessHandle.current().pid());
    }
}

package io.multiprocessing4j.cli.bench;

import java.util.Arrays;

/** Small helpers for scenarios: timing and medians. */
public final class Stats {

    private Stats() {
    }

    /** Something to time that may throw. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** @return the median of the values */
    public static double median(double... xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** @return the wall time of {@code body} in seconds */
    public static double seconds(Body body) throws Exception {
        long t0 = System.nanoTime();
        body.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** @return the median wall time in seconds of {@code reps} runs of {@code body} */
    public static double medianSeconds(int reps, Body body) throws Exception {
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            t[i] = seconds(body);
        }
        return median(t);
    }
}

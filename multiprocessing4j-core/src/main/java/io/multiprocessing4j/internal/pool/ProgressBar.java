package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.pool.Progress;
import io.multiprocessing4j.pool.ProgressListener;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The console progress bar behind {@link Progress#bar()}.
 *
 * <p>Implementation notes. The bar lives in the core, a hundred lines with no dependency, because a
 * progress bar is wanted most where nothing else is installed, and because it must read a call's
 * counters directly to be free: the pool's manager thread only increments the call's plain
 * {@code done} counter, as it does anyway; one daemon timer thread wakes five times a second, reads
 * the counters of the calls it tracks (opaque reads) and draws. Nothing runs per item, and the timer
 * thread exits when no call is tracked. A call that finishes within {@link #QUIET_NANOS} is never
 * drawn. On a terminal the line is redrawn in place ({@code \r}, erase to end of line), one call at a
 * time; elsewhere a plain line is printed every {@code mp4j.progress.intervalMillis} (default 5 s)
 * and once at the end.
 */
public final class ProgressBar {
    /** The marker listener, {@link Progress#bar()}: a call given it is tracked here instead of being told per item. */
    public static final ProgressListener LISTENER = Progress.bar();

    static final long QUIET_NANOS = 1_000_000_000L;
    private static final long TICK_MILLIS = 200;
    private static final int WIDTH = 24;

    private static final List<Tracked> TRACKED = new ArrayList<>();
    private static Thread renderer;

    /** One call's bar; its fields are guarded by the instance (the timer and a caller may both end it). */
    private static final class Tracked {
        final Job job;
        boolean drawn;
        boolean over;
        long lastPrintNanos;

        Tracked(Job job) {
            this.job = job;
        }
    }

    private ProgressBar() {
    }

    /** Starts drawing {@code job} (after its first second) until it finishes. */
    static void track(Job job) {
        synchronized (TRACKED) {
            TRACKED.add(new Tracked(job));
            if (renderer == null) {
                renderer = Thread.ofPlatform().daemon().name("mp4j-progress-bar").start(ProgressBar::renderLoop);
            }
        }
    }

    /** For tests: waits until every tracked call was drawn for the last time (the timer thread ends then). */
    static void awaitIdle() throws InterruptedException {
        Thread t;
        synchronized (TRACKED) {
            t = renderer;
        }
        if (t != null) {
            t.join();
        }
    }

    /**
     * Ends the bar of the call whose result is {@code result}, drawing its last line now if it was
     * drawn: called by the caller's thread when a blocking call returns. Nothing when it had no bar.
     */
    static void finish(AsyncResultImpl<?> result) {
        Tracked found = null;
        synchronized (TRACKED) {
            for (Tracked t : TRACKED) {
                if (t.job instanceof ListJob lj && lj.result() == result) {
                    found = t;
                    break;
                }
            }
            if (found == null) {
                return;
            }
            TRACKED.remove(found);
        }
        synchronized (found) {
            if (found.over) {
                return;
            }
            found.over = true;
            if (found.drawn) {
                PrintStream err = System.err;
                Job job = found.job;
                String text = line(job.label, job.doneOpaque(), total(job), job.failedOpaque(),
                        System.nanoTime() - job.startNanos, StandardCharsets.UTF_8.equals(err.charset()));
                err.print(isTerminal() ? "\r" + text + "\033[K\n" : text + "\n");
                err.flush();
            }
        }
    }

    private static void renderLoop() {
        while (true) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            List<Tracked> now;
            synchronized (TRACKED) {
                if (TRACKED.isEmpty()) {
                    renderer = null;
                    return;
                }
                now = new ArrayList<>(TRACKED);
            }
            List<Tracked> over = render(now, System.nanoTime());
            synchronized (TRACKED) {
                TRACKED.removeAll(over);
            }
        }
    }

    /** Draws what is due; returns the calls that finished. */
    private static List<Tracked> render(List<Tracked> tracked, long now) {
        PrintStream err = System.err;
        boolean terminal = isTerminal();
        long interval = Long.getLong("mp4j.progress.intervalMillis", 5000) * 1_000_000L;
        boolean unicode = StandardCharsets.UTF_8.equals(err.charset());
        List<Tracked> over = new ArrayList<>();
        boolean inPlaceTaken = false;
        for (Tracked t : tracked) {
            synchronized (t) {
                if (t.over) {
                    continue;
                }
                if (renderOne(t, now, err, terminal, interval, unicode, !inPlaceTaken)) {
                    over.add(t);
                } else if (terminal && t.drawn) {
                    inPlaceTaken = true;
                }
            }
        }
        return over;
    }

    /** Draws one call if due; returns whether it is over. Holds {@code t}'s lock. */
    private static boolean renderOne(Tracked t, long now, PrintStream err, boolean terminal, long interval,
                                     boolean unicode, boolean mayDrawInPlace) {
        Job job = t.job;
        boolean finished;
        String text;
        long elapsed = now - job.startNanos;
        try {
            finished = job.finished();
            text = line(job.label, job.doneOpaque(), total(job), job.failedOpaque(), elapsed, unicode);
        } catch (RuntimeException e) {
            return false; // a call being torn down: drawn at the next tick or dropped with it
        }
        if (finished) {
            t.over = true;
            if (t.drawn) {
                err.print(terminal ? "\r" + text + "\033[K\n" : text + "\n");
                err.flush();
            }
            return true;
        }
        if (elapsed < QUIET_NANOS) {
            return false;
        }
        if (terminal) {
            if (mayDrawInPlace) {
                t.drawn = true;
                err.print("\r" + text + "\033[K");
                err.flush();
            }
        } else if (!t.drawn || now - t.lastPrintNanos >= interval) {
            t.drawn = true;
            t.lastPrintNanos = now;
            err.print(text + "\n");
            err.flush();
        }
        return false;
    }

    private static OptionalLong total(Job job) {
        try {
            return job.total();
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether stderr redraws in place: {@code -Dmp4j.progress.terminal} when set, else whether there is a terminal. */
    static boolean isTerminal() {
        String forced = System.getProperty("mp4j.progress.terminal");
        if (forced != null) {
            return Boolean.parseBoolean(forced);
        }
        java.io.Console c = System.console();
        return c != null && c.isTerminal() && !"dumb".equals(System.getenv("TERM"));
    }

    /**
     * One line of the bar, e.g. {@code map  42%|██████░░░░| 84/200 [00:03<00:04, 25.1 it/s, 1 crashed/timed out]}.
     */
    static String line(String label, long done, OptionalLong total, long failed, long elapsedNanos, boolean unicode) {
        StringBuilder sb = new StringBuilder(96).append(label).append(' ');
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        if (total.isPresent() && total.getAsLong() > 0) {
            long n = total.getAsLong();
            double fraction = Math.min(1.0, (double) done / n);
            sb.append(String.format("%3d%%|", (int) Math.floor(fraction * 100)));
            int full = (int) Math.floor(fraction * WIDTH);
            for (int i = 0; i < WIDTH; i++) {
                sb.append(i < full ? (unicode ? '█' : '#') : (unicode ? '░' : '.'));
            }
            sb.append("| ").append(done).append('/').append(n).append(" [").append(clock(seconds));
            sb.append('<').append(rate > 0 ? clock(Math.max(0, n - done) / rate) : "?");
        } else {
            sb.append(done).append(" it [").append(clock(seconds));
        }
        sb.append(", ").append(rate >= 100 ? String.format("%.0f", rate) : String.format("%.1f", rate)).append(" it/s");
        if (failed > 0) {
            sb.append(", ").append(failed).append(" crashed/timed out");
        }
        return sb.append(']').toString();
    }

    private static String clock(double seconds) {
        long s = (long) seconds;
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%02d:%02d", s / 60, s % 60);
    }
}

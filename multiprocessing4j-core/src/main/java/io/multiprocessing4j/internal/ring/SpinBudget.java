package io.multiprocessing4j.internal.ring;

/**
 * How long a waiting thread spins before it yields and sleeps, adapted per thread.
 *
 * <p>Implementation notes. Spinning pays when the other side runs on another CPU at the same time:
 * a pipe round trip then takes under a microsecond instead of a futex wake-up's several. It is pure
 * loss when both sides share one CPU (pinned, or an overloaded machine): the peer cannot run while
 * we spin. So the budget doubles after a wait that ended while spinning and shrinks by an eighth after one that
 * did not, between {@link #MIN} and {@link #MAX} iterations, like the JVM's adaptive spinning for
 * monitors. {@code -Dmp4j.ring.spins=N} fixes the budget instead.
 */
public final class SpinBudget {
    static final int MIN = 8;
    static final int MAX = 2000;
    private static final int FIXED = Integer.getInteger("mp4j.ring.spins", -1);
    private static final ThreadLocal<int[]> BUDGET = ThreadLocal.withInitial(() -> new int[] {200});

    private SpinBudget() {
    }

    /** @return the spins this thread should try now; pass the same array to {@link #record} */
    public static int[] slot() {
        return BUDGET.get();
    }

    public static int spins(int[] slot) {
        return FIXED >= 0 ? FIXED : slot[0];
    }

    /** Records whether the last wait ended while spinning. */
    public static void record(int[] slot, boolean endedWhileSpinning) {
        slot[0] = endedWhileSpinning ? Math.min(MAX, slot[0] * 2) : Math.max(MIN, slot[0] - slot[0] / 8);
    }
}

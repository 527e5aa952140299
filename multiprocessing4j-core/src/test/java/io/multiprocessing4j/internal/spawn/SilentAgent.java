package io.multiprocessing4j.internal.spawn;

/**
 * A Java agent whose {@code premain} never returns: a worker JVM started with it is alive but never
 * connects. {@link LauncherTimeoutsIT} packs it into a jar.
 */
public final class SilentAgent {
    private SilentAgent() {
    }

    public static void premain(String args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}

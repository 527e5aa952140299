package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.ipc.ExitHook;
import io.multiprocessing4j.process.ChildProcess;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The non-daemon worker processes of this JVM, which its exit waits for, as Python's interpreter
 * joins its non-daemonic children when it exits (after {@code main} returns, and on
 * {@code System.exit}).
 *
 * <p>Implementation notes. The wait is an exit action ({@link ExitHook.Phase#JOIN_CHILDREN}), not
 * a non-daemon thread per child: starting a platform thread was up to 1.5 ms of a warm
 * {@code start()} in a probe, more than a quarter of a whole start and join from a spare. The
 * difference a program can see is when the JVM's shutdown begins: its own shutdown hooks now run
 * while the children finish, as Python's {@code atexit} handlers do.
 */
final class NonDaemonChildren {
    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        ExitHook.add(ExitHook.Phase.JOIN_CHILDREN, NonDaemonChildren::awaitAll);
    }

    private NonDaemonChildren() {
    }

    /**
     * This JVM's exit waits for {@code child} until it has ended and its output has been copied
     * (its {@link ChildProcess#onExit()}: the process alone may end before its last lines are
     * read from the pipe).
     */
    static void add(ChildProcess child) {
        LIVE.add(child);
        child.onExit().whenComplete((c, e) -> LIVE.remove(child));
    }

    private static void awaitAll() {
        for (ChildProcess c : LIVE) {
            try {
                c.onExit().join(); // not interruptible: the exit goes on only once the children have ended
            } catch (RuntimeException e) {
                // it ended some other way; its exit is all that was waited for
            }
        }
    }
}

package io.multiprocessing4j.internal.ipc;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The library's one shutdown hook: what this process must do when it exits normally, in a fixed
 * order of {@link Phase}s.
 *
 * <p>Implementation notes. The JVM starts every shutdown hook at once, in no order; the library's
 * exit actions depend on each other, so they run in one thread, phase after phase, and in the
 * order they were added within a phase. The order, and why:
 * <ol>
 * <li>{@link Phase#USER_HOOKS}: a worker waits (bounded) for the program's own shutdown hooks,
 * which may still use queues and pipes;</li>
 * <li>{@link Phase#JOIN_CHILDREN}: wait for the non-daemon children, as Python's exit joins its
 * non-daemonic children; everything of this process they may use (a spare, a daemon child that
 * serves them, queue handles) still works meanwhile;</li>
 * <li>{@link Phase#CHILDREN}: kill the children that die with this process, so the later phases
 * find them dead and can unlink what only they and we used;</li>
 * <li>{@link Phase#HANDLES}: close the queue and pipe handles the program left open; their counts
 * live in this process's attach-table slot, which must still be ours;</li>
 * <li>{@link Phase#SHARED_OBJECTS}: let shared objects give up what this process holds in them
 * (a barrier's place);</li>
 * <li>{@link Phase#RECORDS}: drop this process's attach records and unlink what no live process
 * uses any more; after this, the slots may belong to other processes;</li>
 * <li>{@link Phase#REPORT}: a worker tells its parent it has exited, last, so that when the
 * parent's {@code join()} returns every effect above is visible.</li>
 * </ol>
 * An action that fails is skipped; the others still run. Actions added once the JVM is exiting
 * may not run.
 */
public final class ExitHook {
    /** When an exit action runs, in this order. */
    public enum Phase { USER_HOOKS, JOIN_CHILDREN, CHILDREN, HANDLES, SHARED_OBJECTS, RECORDS, REPORT }

    /**
     * Looked up when something is logged, not when the class loads: the first {@code System.getLogger}
     * of a JVM finds the logging backend (a scan of every class-path jar for a logger service, then
     * java.util.logging's start), tens of milliseconds on a young worker's critical path.
     */
    private static System.Logger log() {
        return System.getLogger(ExitHook.class.getName());
    }
    private static final Map<Phase, List<Runnable>> ACTIONS = new EnumMap<>(Phase.class);
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();

    static {
        for (Phase p : Phase.values()) {
            ACTIONS.put(p, new CopyOnWriteArrayList<>());
        }
        ACTIONS.get(Phase.HANDLES).add(ExitHook::closeOpenHandles);
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(ExitHook::runAll, "mp4j-exit"));
        } catch (IllegalStateException alreadyExiting) {
            // first used during exit: nothing of ours to clean up was made before
        }
    }

    private ExitHook() {
    }

    /** Runs {@code action} when this process exits normally, in {@code phase}. */
    public static void add(Phase phase, Runnable action) {
        ACTIONS.get(phase).add(action);
    }

    /** Closes {@code handle} at exit ({@link Phase#HANDLES}) unless it is {@link #forget forgotten} first. */
    public static void closeAtExit(AutoCloseable handle) {
        OPEN.add(handle);
    }

    /** Forgets a handle that was closed. */
    public static void forget(AutoCloseable handle) {
        OPEN.remove(handle);
    }

    private static void runAll() {
        run(ACTIONS);
    }

    /** Runs every phase of {@code actions} in order, each phase's actions in list order, failures skipped. */
    static void run(Map<Phase, List<Runnable>> actions) {
        for (Phase p : Phase.values()) {
            for (Runnable r : actions.getOrDefault(p, List.of())) {
                try {
                    r.run();
                } catch (RuntimeException | Error e) {
                    log().log(System.Logger.Level.DEBUG, "exit action failed in phase " + p, e);
                }
            }
        }
    }

    private static void closeOpenHandles() {
        for (AutoCloseable c : OPEN) {
            try {
                c.close();
            } catch (Exception | Error e) {
                // best effort at exit
            }
        }
    }
}

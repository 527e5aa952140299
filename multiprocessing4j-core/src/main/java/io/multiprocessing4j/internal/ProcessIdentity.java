package io.multiprocessing4j.internal;

import io.multiprocessing4j.process.ProcessInfo;

import java.util.Optional;

/**
 * Who this JVM is in the process tree. The program's own JVM is {@code MainProcess}; a worker JVM
 * is told its name and its parent by the parent when it is assigned work.
 */
public final class ProcessIdentity {
    private static volatile ProcessInfo current =
            new ProcessInfo("MainProcess", ProcessHandle.current().pid(), false);
    private static volatile ProcessInfo parent;
    /** In the thread context, the "process" a thread belongs to. */
    private static final InheritableThreadLocal<ProcessInfo[]> THREAD_PROCESS = new InheritableThreadLocal<>();

    private ProcessIdentity() {
    }

    public static ProcessInfo current() {
        ProcessInfo[] t = THREAD_PROCESS.get();
        return t != null ? t[0] : current;
    }

    public static Optional<ProcessInfo> parent() {
        ProcessInfo[] t = THREAD_PROCESS.get();
        return t != null ? Optional.of(t[1]) : Optional.ofNullable(parent);
    }

    /** Marks the calling thread (and threads it starts) as a thread-context child process. */
    public static void becomeThreadChild(ProcessInfo self) {
        THREAD_PROCESS.set(new ProcessInfo[] {self, current()});
    }

    /**
     * Marks the calling thread (and threads it starts) as running on behalf of the process
     * {@code self}, child of {@code parentInfo}: a job that a cluster node runs for a remote parent.
     * Undo with {@link #leaveThreadChild()}, since such threads are reused.
     */
    public static void becomeThreadChild(ProcessInfo self, ProcessInfo parentInfo) {
        THREAD_PROCESS.set(new ProcessInfo[] {self, parentInfo});
    }

    /** Ends {@link #becomeThreadChild(ProcessInfo, ProcessInfo)} on the calling thread. */
    public static void leaveThreadChild() {
        THREAD_PROCESS.remove();
    }

    /** Called in a worker JVM once it knows its role. */
    public static void become(String name, boolean daemon, ProcessInfo parentInfo) {
        current = new ProcessInfo(name, ProcessHandle.current().pid(), daemon);
        parent = parentInfo;
    }

    /** @return whether this JVM is a worker started by multiprocessing4j */
    public static boolean isWorker() {
        return parent != null;
    }
}

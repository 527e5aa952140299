package io.multiprocessing4j.internal;

import io.multiprocessing4j.process.ProcessInfo;

import java.util.Optional;

/**
 * Who this JVM is in the process tree. The program's own JVM is {@code MainProcess}; a worker JVM
 * is told its name and its parent by the parent when it is assigned work.
 *
 * <p>It also holds the process's authkey (Python's {@code current_process().authkey}): 32 random
 * bytes made on first use in the program's own JVM, and in a child the key its parent gave it, so
 * the key is inherited down the tree as in Python. In the thread context a child's key is a
 * thread-local of its thread (inherited by the threads it starts), like its identity.
 */
public final class ProcessIdentity {
    private static volatile ProcessInfo current =
            new ProcessInfo("MainProcess", ProcessHandle.current().pid(), false);
    private static volatile ProcessInfo parent;
    /** In the thread context, the "process" a thread belongs to. */
    private static final InheritableThreadLocal<ProcessInfo[]> THREAD_PROCESS = new InheritableThreadLocal<>();
    /** This JVM's authkey, made on first use unless a parent gave one. */
    private static volatile byte[] authkey;
    /** In the thread context, the authkey of the "process" a thread belongs to. */
    private static final InheritableThreadLocal<byte[]> THREAD_KEY = new InheritableThreadLocal<>();

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

    /** Marks the calling thread as a thread-context child process whose authkey is {@code key}. */
    public static void becomeThreadChild(ProcessInfo self, byte[] key) {
        becomeThreadChild(self);
        THREAD_KEY.set(key.clone());
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
        THREAD_KEY.remove();
    }

    /** @return a copy of the calling process's authkey (Python's {@code current_process().authkey}) */
    public static byte[] authkey() {
        byte[] t = THREAD_KEY.get();
        if (t != null) {
            return t.clone();
        }
        byte[] k = authkey;
        if (k == null) {
            synchronized (ProcessIdentity.class) {
                k = authkey;
                if (k == null) {
                    k = randomKey();
                    authkey = k;
                }
            }
        }
        return k.clone();
    }

    /**
     * 32 bytes from the operating system's random source, as Python's {@code os.urandom(32)}. Read
     * from {@code /dev/urandom} where there is one: a first {@code SecureRandom} costs a young JVM
     * around 100 ms of provider set-up, and this runs when the first child is created.
     */
    private static byte[] randomKey() {
        byte[] k = new byte[32];
        try (java.io.InputStream in = new java.io.FileInputStream("/dev/urandom")) {
            if (in.readNBytes(k, 0, k.length) == k.length) {
                return k;
            }
        } catch (java.io.IOException | SecurityException e) {
            // no such device (Windows): the JDK's generator below
        }
        new java.security.SecureRandom().nextBytes(k);
        return k;
    }

    /** Replaces the calling process's authkey (Python's {@code current_process().authkey = key}). */
    public static void authkey(byte[] key) {
        byte[] copy = checkKey(key);
        if (THREAD_KEY.get() != null) {
            THREAD_KEY.set(copy);
        } else {
            authkey = copy;
        }
    }

    /** @return a copy of {@code key}, which must be a non-empty authkey */
    public static byte[] checkKey(byte[] key) {
        java.util.Objects.requireNonNull(key, "authkey must not be null: pass the secret bytes (e.g. 32 random bytes)");
        if (key.length == 0) {
            throw new IllegalArgumentException("authkey must not be empty: pass the secret bytes (e.g. 32 random bytes)");
        }
        return key.clone();
    }

    /** Called in a worker JVM once it knows its role. */
    public static void become(String name, boolean daemon, ProcessInfo parentInfo) {
        current = new ProcessInfo(name, ProcessHandle.current().pid(), daemon);
        parent = parentInfo;
    }

    /** Called in a worker JVM once it knows its role and the authkey its parent gave it (null: keep its own). */
    public static void become(String name, boolean daemon, ProcessInfo parentInfo, byte[] key) {
        become(name, daemon, parentInfo);
        if (key != null) {
            authkey = key.clone();
        }
    }

    /** @return whether this JVM is a worker started by multiprocessing4j */
    public static boolean isWorker() {
        return parent != null;
    }
}

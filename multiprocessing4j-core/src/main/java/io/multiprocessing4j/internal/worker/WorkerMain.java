package io.multiprocessing4j.internal.worker;

import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.ParkedThreads;
import io.multiprocessing4j.internal.ProcessIdentity;
import io.multiprocessing4j.internal.codeship.ReceivedCode;
import io.multiprocessing4j.internal.ipc.ExitHook;
import io.multiprocessing4j.internal.log.WorkerLogging;
import io.multiprocessing4j.internal.serial.LambdaCall;
import io.multiprocessing4j.internal.wire.EpochMicros;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.internal.wire.FrameType;
import io.multiprocessing4j.internal.wire.ProcessAssignment;
import io.multiprocessing4j.process.ProcessInfo;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * The main class of every worker JVM.
 *
 * <p>Implementation notes. The worker reads its bootstrap from stdin: the paths of two named pipes
 * in the parent's private (0700) directory, one token it must present and one the parent must,
 * its role, its parent's pid, the marker of the log records it forwards ({@code WorkerLogging}), and
 * for a spare the methods of targets its parent ran lately, which it loads and resolves before it
 * connects ({@code PRELOAD_TARGETS}, also sent as a frame to a spare already waiting).
 * It opens the pipes (up: worker to parent, down: parent to worker), says {@code HELLO} with its token, checks the parent's token, and waits for its first assignment: a
 * {@code ChildProcess} target ({@code RUN_PROCESS}) or pool work ({@code BECOME_POOL_WORKER}),
 * after any classes the target or initializer needs that its class path lacks ({@code DEFINE_CLASSES}). A
 * warm spare is a worker waiting here. Stdin carries nothing after the bootstrap and user code sees
 * an empty {@code System.in}, as a Python child sees {@code os.devnull}.
 *
 * <p>The worker never outlives its parent: the end of the down pipe (the parent closed it, or died
 * and the kernel closed it) and the exit of the parent process each make it exit. This is what
 * keeps a SIGKILLed parent from leaving orphans.
 *
 * <p>A {@code ChildProcess} worker whose target returned ends as a Java program does when its
 * {@code main} returns (after the non-daemon threads the target started, as a Python child joins
 * them); one whose target failed ends through {@link #exitNow}. Either way its shutdown hook waits for
 * the user's shutdown hooks, flushes and closes stdout and stderr, and tells the parent its exit status
 * in an {@code EXITED} frame, so the parent's {@code join()} returns without waiting for the JVM to
 * tear itself down (which waits for compilations in progress, in 10 ms steps).
 */
public final class WorkerMain {
    public static final String TRAIN_FLAG = "--train";
    /** A pool worker's task thread and status-word attacher, which a spare starts before it reports ready. */
    static final ParkedThreads POOL_THREADS = new ParkedThreads("mp4j-parked", 0);
    private static volatile FrameChannel connection;
    private static final java.util.concurrent.atomic.AtomicBoolean EXITING = new java.util.concurrent.atomic.AtomicBoolean();
    /** When this JVM reached {@code main}, in epoch microseconds (the parent measures start-up phases with it). */
    private static long mainMicros;
    /** The status this worker decided to exit with, for the shutdown hook's {@code EXITED} frame; -1: none yet. */
    private static volatile int exitStatus = -1;
    /** The threads alive before this worker began to exit: any other thread then is a shutdown hook. */
    private static volatile java.util.Set<Thread> threadsBeforeExit;
    private static final long[] PROCESS_TIMES = new long[3];
    /** The main thread once a {@code ChildProcess} target returned and the JVM may end on its own; null otherwise. */
    private static volatile Thread endingMain;
    /** Whether {@link #reportExit} is installed: a {@code ChildProcess} worker. */
    private static volatile boolean reportsExit;

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        mainMicros = EpochMicros.now();
        if (args.length > 0 && TRAIN_FLAG.equals(args[0])) {
            AotTraining.run();
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String up = in.readLine();
        String down = in.readLine();
        String workerToken = in.readLine();
        String parentToken = in.readLine();
        String role = in.readLine();
        String parentPid = in.readLine();
        // then the marker of forwarded log records (before anything logs)
        WorkerLogging.installInWorker(in.readLine());
        // for a spare, the status word it would have as a pool worker, made by its parent; or empty
        String statusWord = in.readLine();
        // the last line: for a spare, targets its parent ran lately (hex PRELOAD_TARGETS payload), or empty
        String preload = in.readLine();
        if (up == null || down == null || workerToken == null || parentToken == null) {
            System.err.println("multiprocessing4j worker: this class is started by multiprocessing4j, not by hand"
                    + " (no bootstrap on stdin)");
            System.exit(2);
        }
        System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
        long parent = parentPid == null ? -1 : Long.parseLong(parentPid);
        watchParentProcess(parent);
        if ("spare".equals(role)) {
            // a spare has time to spare: load and run the code its first assignment needs before
            // it reports ready, so that assignment does not pay for class loading and lambda bootstrap
            AotTraining.warmUp();
            openClassPathJars();
            if (statusWord != null && !statusWord.isEmpty()) {
                PoolWorker.mapStatusWordEarly(statusWord);
            }
            if (preload != null && !preload.isEmpty()) {
                preloadTargets(HexFormat.of().parseHex(preload));
            }
        }
        DisconnectWatch disconnectWatch = new DisconnectWatch();
        if ("spare".equals(role)) {
            // a thread's start is a fraction of a millisecond in a JVM this young: a spare starts
            // the ones a process needs before it reports ready, parked until they are wanted
            disconnectWatch.prestart();
            ExitWatchdog.prestart();
            POOL_THREADS.prepare(2); // a pool worker's task thread and attacher
        }
        FrameChannel channel = connect(Path.of(up), Path.of(down), HexFormat.of().parseHex(workerToken),
                HexFormat.of().parseHex(parentToken));
        connection = channel;

        Frame first;
        try {
            first = channel.receive();
            while (first.type() == FrameType.DEFINE_CLASSES || first.type() == FrameType.PRELOAD_TARGETS) {
                if (first.type() == FrameType.PRELOAD_TARGETS) {
                    preloadTargets(first.payload());
                } else {
                    // classes the assignment's target or initializer needs, shipped by value
                    ReceivedCode.define(first.payload(), Thread.currentThread().getContextClassLoader());
                }
                first = channel.receive();
            }
        } catch (EOFException e) {
            System.exit(0); // a spare that was never needed
            return;
        }
        switch (first.type()) {
            case FrameType.RUN_PROCESS -> {
                POOL_THREADS.retire(); // a process needs none: they must not keep its JVM alive
                // the parent sweeps shared memory when it sees this child end (SpawnChildProcess)
                io.multiprocessing4j.internal.ipc.ResourceTracker.leaveExitSweepTo(parent);
                runProcess(first.payload(), disconnectWatch);
            }
            case FrameType.BECOME_POOL_WORKER -> {
                disconnectWatch.retire(); // a pool worker reads its connection itself
                // the pool sweeps shared memory when it sees this worker end (SpawnPoolBackend)
                io.multiprocessing4j.internal.ipc.ResourceTracker.leaveExitSweepTo(parent);
                PoolWorker.run(channel, first.payload());
            }
            case FrameType.SHUTDOWN -> System.exit(0);
            default -> {
                System.err.println("multiprocessing4j worker: unexpected first frame " + first.type());
                System.exit(2);
            }
        }
    }

    /** Loads the classes and resolves the methods of targets the parent ran lately ({@code PRELOAD_TARGETS}). */
    private static void preloadTargets(byte[] payload) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ByteBuffer b = ByteBuffer.wrap(payload);
        for (int i = b.getInt(); i > 0; i--) {
            byte[] form = new byte[b.getInt()];
            b.get(form);
            LambdaCall.preload(form, loader);
        }
    }

    /**
     * Opens every jar of the class path. The library's own classes come from the AOT cache without
     * opening a jar, so the first class of the user's (a target's) would open the jars in order on
     * the assignment's critical path: some 0.5 ms for one small jar in a JVM this young.
     */
    private static void openClassPathJars() {
        try {
            var found = ClassLoader.getSystemClassLoader().getResources("META-INF/MANIFEST.MF");
            while (found.hasMoreElements()) {
                found.nextElement();
            }
        } catch (IOException | RuntimeException ignored) {
            // only a head start: the first class the target needs opens them anyway
        }
    }

    /**
     * Opens the two pipes, introduces this worker with its token and checks the parent's. The order
     * (up, then down) is the parent's too, so neither side waits for the other's second open.
     */
    static FrameChannel connect(Path up, Path down, byte[] workerToken, byte[] parentToken) throws IOException {
        FileChannel out = FileChannel.open(up, StandardOpenOption.WRITE);
        FileChannel in = FileChannel.open(down, StandardOpenOption.READ);
        FrameChannel channel = new FrameChannel(in, out);
        channel.send(new Frame(FrameType.HELLO, ByteBuffer.allocate(workerToken.length + 24).put(workerToken)
                .putLong(ProcessHandle.current().pid()).putLong(mainMicros).putLong(EpochMicros.now()).array()));
        ByteBuffer proof = ByteBuffer.allocate(parentToken.length);
        while (proof.hasRemaining()) {
            if (in.read(proof) < 0) {
                throw new EOFException("the parent closed the pipe before it proved itself");
            }
        }
        if (!java.security.MessageDigest.isEqual(proof.array(), parentToken)) {
            throw new IOException("the peer on the down pipe is not the parent that started this worker");
        }
        return channel;
    }

    /**
     * Exits when the parent process is gone, whatever this worker is doing. Polls rather than
     * waiting in {@code ProcessHandle.onExit()}: a thread parked in native code would make the JVM's
     * own exit wait up to 300 ms for it. A platform thread, because the first virtual thread of a
     * JVM starts the virtual-thread scheduler, milliseconds of a young worker's start.
     */
    private static void watchParentProcess(long parentPid) {
        java.util.Optional<ProcessHandle> parentNow = ProcessHandle.current().parent();
        if (parentPid > 0 && (parentNow.isEmpty() || parentNow.get().pid() != parentPid)) {
            // the parent died while this JVM booted, and the kernel gave it a new one
            System.exit(1);
        }
        if (parentNow.isPresent()) {
            Thread t = new Thread(new ParentAliveWatch(parentNow.get()), "mp4j-parent-alive");
            t.setDaemon(true);
            t.start();
        }
    }

    /*
     * The worker's own threads and exit phases are small classes rather than lambdas: the JVM spins a
     * class for a lambda when it first runs (about a millisecond each in a young JVM, on every
     * worker's start), while a class comes ready from the start-up cache or the jar.
     */

    /** Polls the parent process; exits when it is gone. */
    private static final class ParentAliveWatch implements Runnable {
        private final ProcessHandle parent;

        ParentAliveWatch(ProcessHandle parent) {
            this.parent = parent;
        }

        @Override
        public void run() {
            try {
                while (parent.isAlive()) {
                    Thread.sleep(200);
                }
                exitNow(1);
            } catch (InterruptedException e) {
                // exiting
            }
        }
    }

    /**
     * Reads the connection once the main thread stops reading it; its end means the parent is gone.
     * Its thread starts when it is wanted ({@link #watch}) or before ({@link #prestart}, a spare),
     * parked until then; a spare that becomes a pool worker {@link #retire}s it.
     */
    private static final class DisconnectWatch implements Runnable {
        private static final int WAITING = 0;
        private static final int WATCHING = 1;
        private static final int RETIRED = 2;
        private volatile int mode = WAITING;
        /** Set before the thread starts, by the main thread only. */
        private Thread thread;

        void prestart() {
            thread = new Thread(this, "mp4j-parent-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void watch() {
            mode = WATCHING;
            if (thread == null) {
                prestart();
            } else {
                java.util.concurrent.locks.LockSupport.unpark(thread);
            }
        }

        void retire() {
            mode = RETIRED;
            if (thread != null) {
                java.util.concurrent.locks.LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (mode == WAITING) {
                java.util.concurrent.locks.LockSupport.park(this);
            }
            if (mode == RETIRED) {
                return;
            }
            FrameChannel channel = connection; // set before any watch()
            try {
                while (true) {
                    Frame f = channel.receive();
                    if (f.type() == FrameType.SHUTDOWN) {
                        exitNow(0);
                    }
                }
            } catch (IOException e) {
                exitNow(1);
            }
        }
    }

    /** The two exit phases of a {@code ChildProcess} worker. */
    private static final class ExitPhase implements Runnable {
        private final boolean report;

        ExitPhase(boolean report) {
            this.report = report;
        }

        @Override
        public void run() {
            if (report) {
                reportExit();
            } else {
                awaitUserHooks();
            }
        }
    }

    /**
     * Halts the JVM 3 s after it was first armed, with the status it was armed with, if the JVM has
     * not ended by then (a shutdown hook that hangs). One daemon thread, started when armed or
     * before ({@link #prestart}, a spare), waiting until then.
     */
    private static final class ExitWatchdog implements Runnable {
        private static final Object LOCK = new Object();
        private static Thread thread; // guarded by LOCK
        private static int armedStatus = -1; // guarded by LOCK
        private static long armedAt; // guarded by LOCK

        static void prestart() {
            synchronized (LOCK) {
                if (thread == null) {
                    thread = newThread();
                    thread.start();
                }
            }
        }

        /** Starts the 3 s; a second call changes nothing. */
        static void arm(int status) {
            synchronized (LOCK) {
                if (armedStatus >= 0) {
                    return;
                }
                armedStatus = status;
                armedAt = System.nanoTime();
                if (thread == null) {
                    thread = newThread();
                    thread.start();
                } else {
                    LOCK.notifyAll();
                }
            }
        }

        private static Thread newThread() {
            Thread t = new Thread(new ExitWatchdog(), "mp4j-exit-watchdog");
            t.setDaemon(true);
            return t;
        }

        @Override
        public void run() {
            int status;
            synchronized (LOCK) {
                while (true) {
                    long left = armedStatus < 0 ? Long.MAX_VALUE : armedAt + 3_000_000_000L - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        LOCK.wait(left == Long.MAX_VALUE ? 0 : Math.max(1, left / 1_000_000));
                    } catch (InterruptedException ignored) {
                        // keep waiting: only the deadline ends this
                    }
                }
                status = armedStatus;
            }
            Runtime.getRuntime().halt(status);
        }
    }

    /** Exits, running shutdown hooks, but never hangs in them. */
    static void exitNow(int status) {
        if (!EXITING.compareAndSet(false, true)) {
            // another thread is already exiting with its own status (e.g. the reader woken by the
            // close below must not turn a clean exit into status 1): wait for the end
            while (true) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException ignored) {
                    // keep waiting
                }
            }
        }
        ExitWatchdog.arm(status);
        if (reportsExit) {
            endingMain = null;
            threadsBeforeExit = liveThreads();
            exitStatus = status;
        } else {
            // A thread blocked in a read is "in native", and the JVM's exit waits up to 300 ms for
            // such threads: close the pipes so the reader leaves native code first.
            FrameChannel c = connection;
            if (c != null) {
                c.close();
            }
        }
        System.out.flush();
        System.err.flush();
        WorkerLogging.beforeExit();
        System.exit(status);
    }

    /**
     * First exit phase of a {@code ChildProcess} worker that exits through {@link #exitNow}: waits
     * (at most 2 s) for the threads that were not alive before it began to exit, which are the
     * program's own shutdown hooks, so that they may still use queues and pipes before the library
     * closes them. When the exit did not come through {@link #exitNow} (the target called
     * {@code System.exit} itself), it cannot tell the user's hooks from the user's other threads:
     * it waits for nothing, {@link #reportExit} sends nothing, and the parent learns the status
     * from the process's end.
     */
    private static void awaitUserHooks() {
        java.util.Set<Thread> before = threadsBeforeExit;
        Thread main = endingMain;
        Thread runner = main == null ? null : shutdownRunner();
        if (main != null && !runsTheHooks(runner)) {
            exitStatus = -1; // a thread of the target called System.exit after the target returned
        }
        if (main != null && exitStatus == 0) {
            // the JVM is ending on its own, after main returned: a hook that hangs must not keep it
            ExitWatchdog.arm(0);
        }
        if (connection == null || exitStatus < 0 || before == null) {
            return;
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (Thread t : liveThreads()) {
            // after main returned, every non-daemon thread left is a shutdown hook; a daemon thread
            // the target started meanwhile is not waited for
            if (t != Thread.currentThread() && t != runner && !before.contains(t) && (main == null || !t.isDaemon())) {
                try {
                    t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
    }

    /**
     * Last exit phase: sends the {@code EXITED} frame once the user's hooks and the library's own
     * clean-up (handles closed, attach records dropped) are done, so the parent's {@code join()}
     * sees all of it.
     */
    private static void reportExit() {
        FrameChannel c = connection;
        int status = exitStatus;
        if (c == null) {
            return;
        }
        if (status >= 0 && threadsBeforeExit != null) {
            System.out.flush();
            System.err.flush();
            // the parent's copies of our output end here, so join() need not wait for the JVM's end
            // (closed before the frame, not after: the parent would wait for the ends after it)
            System.out.close();
            System.err.close();
            try {
                c.send(new Frame(FrameType.EXITED, ByteBuffer.allocate(4 + 8 * 4).putInt(status)
                        .putLong(PROCESS_TIMES[0]).putLong(PROCESS_TIMES[1]).putLong(PROCESS_TIMES[2])
                        .putLong(EpochMicros.now()).array()));
            } catch (IOException ignored) {
                // the parent is gone or reads the exit from the process
            }
        }
        // A thread blocked in a read is "in native", and the JVM's exit waits up to 300 ms for such
        // threads: close the pipes so the reader leaves native code first. The JVM is ending: the
        // reader's exitNow on the closed pipe must not start a second exit with another status.
        EXITING.set(true);
        c.close();
    }

    private static java.util.Set<Thread> liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int n = root.enumerate(all, true);
        return java.util.Set.of(java.util.Arrays.copyOf(all, n));
    }

    @SuppressWarnings("unchecked")
    private static void runProcess(byte[] payload, DisconnectWatch disconnectWatch) {
        PROCESS_TIMES[0] = EpochMicros.now();
        ExitHook.add(ExitHook.Phase.USER_HOOKS, new ExitPhase(false));
        ExitHook.add(ExitHook.Phase.REPORT, new ExitPhase(true));
        reportsExit = true;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        int status = 0;
        String name = "Process";
        try {
            ProcessAssignment a = ProcessAssignment.decode(payload);
            name = a.name();
            ProcessIdentity.become(a.name(), a.daemon(), new ProcessInfo(a.parentName(), a.parentPid(), false), a.authkey());
            Thread.currentThread().setName(a.name());
            disconnectWatch.watch();
            Object target = a.directTarget() == null ? null : LambdaCall.decode(a.directTarget(), loader);
            if (target == null) {
                target = ReceivedCode.deserialize(a.target(), loader);
            }
            Object arg = a.hasArgument() ? ReceivedCode.deserialize(a.argument(), loader) : null;
            PROCESS_TIMES[1] = EpochMicros.now();
            if (a.hasArgument()) {
                ((SerializableConsumer<Object>) target).accept(arg);
            } else {
                ((SerializableRunnable) target).run();
            }
        } catch (Throwable t) {
            System.out.flush();
            System.err.println("Process " + name + ":");
            t.printStackTrace();
            status = 1;
        }
        PROCESS_TIMES[2] = EpochMicros.now();
        if (status == 0) {
            endWhenThreadsDo();
            return;
        }
        exitNow(status);
    }

    /**
     * Ends a {@code ChildProcess} worker whose target returned: {@code main} returns, and the JVM
     * ends once the non-daemon threads the target started have (Python's child joins them too), runs
     * the shutdown hooks ({@link #reportExit} among them) and exits with 0. Not {@code System.exit}:
     * {@code Runtime.exit} first looks up the {@code java.lang.Runtime} system logger, which scans
     * every jar of the class path for a logger service, 5-10 ms of a young worker with a few jars and
     * more with many. A target that failed, and every other exit, still goes through {@link #exitNow}.
     */
    private static void endWhenThreadsDo() {
        System.out.flush();
        System.err.flush();
        threadsBeforeExit = liveThreads();
        exitStatus = 0;
        endingMain = Thread.currentThread();
    }

    /**
     * The thread that runs the JVM's shutdown after {@code main} returned and the non-daemon threads
     * ended: the launcher attaches it as {@code DestroyJavaVM}, and it waits for the hooks in
     * {@code Shutdown.shutdown}. Found by name: reading every thread's stack
     * ({@code Thread.getAllStackTraces}) to find the thread in {@code Shutdown} cost half a
     * millisecond of every exit. When a thread of the target calls {@code System.exit} after the
     * target returned, that thread runs the shutdown in {@code Shutdown.exit} while
     * {@code DestroyJavaVM} still waits; the caller tells the two apart with {@link #runsTheHooks}.
     * Null if none.
     */
    private static Thread shutdownRunner() {
        for (Thread t : liveThreads()) {
            if (t != Thread.currentThread() && t.getName().equals("DestroyJavaVM")) {
                return t;
            }
        }
        return null;
    }

    /**
     * Whether {@code destroyJavaVm} is running the shutdown hooks, which it does only after
     * {@code main} returned and every non-daemon thread ended: in {@code Shutdown.shutdown}, where it
     * waits for the hook threads in {@code Thread.join} (state {@code WAITING}) once it has started
     * them all. While a thread of the target runs a {@code System.exit} of its own, it waits inside
     * the JVM for that thread, with no Java frame. The state answers the common case at no cost;
     * otherwise (it may still be starting the hooks in a slow young JVM) its stack, and only its
     * own, decides: reading every thread's stack cost half a millisecond of every exit.
     */
    private static boolean runsTheHooks(Thread destroyJavaVm) {
        if (destroyJavaVm == null) {
            return false;
        }
        Thread.State s = destroyJavaVm.getState();
        if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
            return true;
        }
        for (StackTraceElement f : destroyJavaVm.getStackTrace()) {
            if (f.getClassName().equals("java.lang.Shutdown") && f.getMethodName().equals("shutdown")) {
                return true;
            }
        }
        return false;
    }
}

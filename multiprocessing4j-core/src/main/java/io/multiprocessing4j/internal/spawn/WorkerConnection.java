package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.ipc.ShmFile;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.process.ExitCodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running worker JVM and its authenticated connection. Owned by one user at a time: a spare, a
 * {@code ChildProcess}, or a pool.
 *
 * <p>Thread-safety: {@link #send} may be called from any thread; the reader thread is the only
 * one that reads. It is started by {@link #startReader}, or for a spare when it connects
 * ({@link #prestartReader}); either way it hands frames only to the handler its owner gave.
 */
public final class WorkerConnection {
    /** Receives a worker's frames on its reader thread. */
    public interface FrameHandler {
        void onFrame(WorkerConnection worker, Frame frame);

        /** The connection reached end of stream: the worker exited or is exiting. */
        void onDisconnect(WorkerConnection worker, IOException cause);
    }

    private final Process process;
    private final FrameChannel channel;
    private final LaunchSpec spec;
    private final OutputPump stdout;
    private final OutputPump stderr;
    private final StartupStamps stamps;
    private final boolean inheritsProperties;
    private Thread reader; // guarded by this
    private FrameHandler handler; // guarded by this
    /** The reader met the end of the connection before an owner gave a handler; guarded by this. */
    private IOException endedBeforeHandler;
    /** Closed while nobody handled its frames (a spare stopped); guarded by this. */
    private boolean closedWithoutOwner;
    /** Handed to its user from the spares: its start cost that user nothing. */
    private volatile boolean fromSpare;
    /** A spare's status word, made and mapped before anyone asked (see {@link #takeStatusWord}). */
    private final AtomicReference<ShmFile> statusWord = new AtomicReference<>();
    /** Orders taking and releasing the status word; never held while waiting for anything else. */
    private final Object statusWordLock = new Object();

    WorkerConnection(Process process, FrameChannel channel, LaunchSpec spec, OutputPump stdout, OutputPump stderr,
                     StartupStamps stamps, boolean inheritsProperties) {
        this.inheritsProperties = inheritsProperties;
        this.process = process;
        this.channel = channel;
        this.spec = spec;
        this.stdout = stdout;
        this.stderr = stderr;
        this.stamps = stamps;
    }

    /** Gives this spare the status word whose name went with its bootstrap; released when it exits unused. */
    void offerStatusWord(ShmFile word) {
        statusWord.set(word);
    }

    /**
     * The status word this worker mapped while it was a spare, for the pool that makes it a pool
     * worker (name it in the assignment, and the worker uses the mapping it has); the caller owns
     * it from now on.
     *
     * @return the word, or null when the worker was not a spare, or it was taken or released already
     */
    public ShmFile takeStatusWord() {
        synchronized (statusWordLock) {
            return statusWord.getAndSet(null);
        }
    }

    /**
     * Unmaps and removes the status word no pool took (the worker became something else, or died a
     * spare). A second caller (the reader at the spare's end, the child's exit, its EXITED frame)
     * waits for the first to finish: each returns with the file gone, so join() never returns
     * before it is.
     */
    void releaseStatusWord() {
        synchronized (statusWordLock) {
            ShmFile word = statusWord.get();
            if (word != null) {
                // removed before it is forgotten: while its file exists, its spare still names it
                word.close();
                ShmFile.unlink(word.name());
                statusWord.set(null);
            }
        }
    }

    /** @return the name of the status word this spare holds, or null */
    String statusWordName() {
        ShmFile word = statusWord.get();
        return word == null ? null : word.name();
    }

    /** @return whether this worker was started with the parent's command-line system properties */
    boolean inheritsProperties() {
        return inheritsProperties;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public LaunchSpec spec() {
        return spec;
    }

    /**
     * @return how long the JVM took from launch to an authenticated connection, or zero once it
     *     was handed over from the spares (it started before anyone asked for it)
     */
    public long startupNanos() {
        return fromSpare ? 0 : (stamps.connected() - stamps.exec()) * 1_000;
    }

    /** Marks this worker as handed over from the spares. */
    void handedOver() {
        fromSpare = true;
    }

    /** @return when each phase of this worker's start ended */
    public StartupStamps stamps() {
        return stamps;
    }

    public void send(Frame frame) throws IOException {
        channel.send(frame);
    }

    public void sendAll(List<Frame> frames) throws IOException {
        channel.sendAll(frames);
    }

    public synchronized void startReader(FrameHandler handler, String threadName) {
        if (this.handler != null) {
            throw new IllegalStateException("reader already started");
        }
        this.handler = handler;
        if (reader == null) {
            reader = Thread.ofPlatform().daemon().name(threadName).start(this::readFrames);
            return;
        }
        // a spare's reader, running since the spare connected
        reader.setName(threadName);
        notifyAll();
        IOException ended = endedBeforeHandler;
        if (ended != null) {
            // it died while nobody owned it: its new owner hears of it as any owner would
            Thread.ofPlatform().daemon().name(threadName).start(() -> handler.onDisconnect(this, ended));
        }
    }

    /**
     * Starts the reader thread before anyone handles the frames, for a spare: its hand-off then
     * starts no thread (a platform thread's start was 0.2-0.5 ms of a warm {@code start()}). The
     * reader waits for {@link #startReader} before it handles a frame.
     */
    synchronized void prestartReader() {
        if (reader == null && handler == null) {
            reader = Thread.ofPlatform().daemon().name("mp4j-spare-reader-" + pid()).start(this::readFrames);
        }
    }

    private void readFrames() {
        FrameHandler h = null;
        try {
            while (true) {
                Frame f = channel.receive();
                if (h == null) {
                    h = awaitHandler();
                    if (h == null) {
                        return; // a spare closed without an owner
                    }
                }
                h.onFrame(this, f);
            }
        } catch (IOException e) {
            if (h == null) {
                synchronized (this) {
                    h = handler;
                    if (h == null) {
                        endedBeforeHandler = e; // startReader reports it to the owner, if one comes
                        releaseStatusWord(); // a spare's end: nobody took its word
                        return;
                    }
                }
            }
            h.onDisconnect(this, e);
        } catch (RuntimeException | Error e) {
            if (h != null) {
                h.onDisconnect(this, new IOException("frame handler failed: " + e, e));
            }
        }
    }

    /** The handler, once an owner gave one; null when the connection was closed without one. */
    private synchronized FrameHandler awaitHandler() {
        boolean interrupted = false;
        try {
            while (handler == null && !closedWithoutOwner) {
                try {
                    wait(1000);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                if (handler == null && !process.isAlive()) {
                    return null;
                }
            }
            return handler;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private volatile CompletableFuture<Process> exit;

    public boolean isAlive() {
        return process.isAlive();
    }

    public CompletableFuture<Process> onExit() {
        CompletableFuture<Process> e = exit;
        if (e == null) {
            synchronized (this) {
                e = exit;
                if (e == null) {
                    e = ProcessExit.of(process);
                    exit = e;
                }
            }
        }
        return e;
    }

    /** @return the exit code in Python's convention; the process must have exited */
    public int exitCode() {
        return ExitCodes.fromProcessStatus(process.exitValue());
    }

    public void terminate() {
        process.destroy();
    }

    public void kill() {
        process.destroyForcibly();
    }

    public void closeChannel() {
        synchronized (this) {
            if (handler == null) {
                closedWithoutOwner = true;
                notifyAll();
            }
        }
        releaseStatusWord(); // a spare stopped: its word goes before the spare does
        channel.close();
    }

    /** The last lines the worker wrote to stderr; waits briefly for a dead worker's output to drain. */
    public List<String> stderrTail() {
        if (stderr == null) {
            return List.of();
        }
        if (!process.isAlive()) {
            stderr.awaitDrained(500);
        }
        return stderr.tail();
    }

    /** The JVM's fatal error log for this worker, if it wrote one in its working directory. */
    public Path hsErrFile() {
        Path p = Path.of(System.getProperty("user.dir"), "hs_err_pid" + pid() + ".log");
        if (Files.exists(p)) {
            return p;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "hs_err_pid" + pid() + ".log");
        return Files.exists(tmp) ? tmp : null;
    }

    /** A hint for the crash report when the worker looks like it ran out of memory. */
    public String oomHint() {
        java.util.List<String> lines = new java.util.ArrayList<>(stderrTail());
        if (stdout != null) {
            if (!process.isAlive()) {
                stdout.awaitDrained(500);
            }
            lines.addAll(stdout.tail()); // -XX:+ExitOnOutOfMemoryError reports on stdout
        }
        for (String line : lines) {
            if (line.contains("OutOfMemoryError")) {
                return "it ran out of Java heap (OutOfMemoryError); raise -Xmx in the pool's or process's jvmOptions";
            }
        }
        if (!process.isAlive() && exitCode() == -9) {
            return "SIGKILL often means the kernel's OOM killer or an explicit kill";
        }
        return null;
    }

    void awaitOutput() {
        if (stdout != null) {
            stdout.awaitDrained(500);
        }
        if (stderr != null) {
            stderr.awaitDrained(500);
        }
    }

    @Override
    public String toString() {
        return "worker pid " + pid();
    }
}

package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.ProcessIdentity;
import io.multiprocessing4j.internal.codeship.CodeShip;
import io.multiprocessing4j.internal.codeship.ShipLedger;
import io.multiprocessing4j.internal.process.AbstractChildProcess;
import io.multiprocessing4j.internal.wire.EpochMicros;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameType;
import io.multiprocessing4j.internal.wire.ProcessAssignment;
import io.multiprocessing4j.process.StartupTimeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A {@code ChildProcess} that runs its target in a worker JVM.
 *
 * <p>Implementation notes. {@code start()} serializes the target first, so a capture that cannot
 * travel fails in the caller before any JVM is involved. It then takes a warm spare (already
 * connected) or starts a JVM, and returns as soon as the process exists, as CPython's does: the
 * {@code RUN_PROCESS} frame follows when the worker connects, so two {@code start()} calls in a row
 * boot two JVMs side by side. A worker that dies before it connects shows up as its exit code. From
 * the assignment on it is an ordinary child: the exit code is its JVM's exit status, told by the
 * worker's {@code EXITED} frame once its output is flushed and its shutdown hooks have run, or read
 * from the process's end when the worker died or exited some other way. This JVM's exit waits for a
 * non-daemon child ({@link NonDaemonChildren}), as Python joins non-daemonic children.
 */
final class SpawnChildProcess extends AbstractChildProcess {
    private final Object target;
    private final Object argument;
    private final boolean hasArgument;
    private volatile Process process;
    private volatile WorkerConnection worker;
    private volatile StartupTimeline timeline;

    SpawnChildProcess(Object target, Object argument, boolean hasArgument) {
        this.target = target;
        this.argument = argument;
        this.hasArgument = hasArgument;
    }

    @Override
    protected void doStart() {
        byte[] t;
        byte[] a;
        try (var _ = CodeShip.scope()) {
            t = CodeShip.serialize(target);
            a = hasArgument ? CodeShip.serialize(argument) : null;
        }
        ShipLedger ledger = new ShipLedger();
        java.util.List<Frame> frames = new java.util.ArrayList<>(3);
        ledger.collect(t, frames);
        ledger.collect(a, frames);
        var me = ProcessIdentity.current();
        // a lambda the worker's class path has can be run as the method it calls, without deserializing it
        byte[] direct = CodeShip.shipmentOf(t) == 0 ? io.multiprocessing4j.internal.serial.LambdaCall.encode(target) : null;
        if (direct != null) {
            SpawnRuntime.get().rememberTarget(direct);
        }
        byte[] assignment = new ProcessAssignment(name(), isDaemon(), me.name(), me.pid(), t, a, hasArgument, authkey(), direct).encode();
        io.multiprocessing4j.internal.wire.FrameChannel.checkSize(assignment.length);
        long startMicros = EpochMicros.now();
        LaunchSpec spec = new LaunchSpec(jvmOptions(), environment());
        PendingWorker pending = SpawnRuntime.get().acquireAsync(spec, name(), isDaemon(), "process");
        Process p = pending.process();
        process = p;
        if (!isDaemon()) {
            NonDaemonChildren.add(this);
        }
        // Not the common pool: it has one thread on a 2-core machine, and a user task blocked there
        // would keep every join() waiting.
        ProcessExit.of(p).thenRunAsync(() -> {
            // a child killed with SIGKILL cannot release its shared memory: look for what it left
            io.multiprocessing4j.internal.ipc.ResourceTracker.sweepInBackground();
            WorkerConnection w = worker;
            if (w != null) {
                w.awaitOutput();
                w.closeChannel();
            }
            exited(io.multiprocessing4j.process.ExitCodes.fromProcessStatus(p.exitValue()));
        }, Thread::startVirtualThread);
        pending.connected().thenAccept(w -> assign(w, frames, assignment, startMicros));
    }

    /** Runs on the thread that completed the connection (or the caller's, for a spare). */
    private void assign(WorkerConnection w, java.util.List<Frame> classes, byte[] assignment, long startMicros) {
        worker = w;
        w.startReader(new WorkerConnection.FrameHandler() {
            @Override
            public void onFrame(WorkerConnection from, Frame frame) {
                if (frame.type() == FrameType.EXITED) {
                    ended(from, frame.payload(), startMicros);
                }
            }

            @Override
            public void onDisconnect(WorkerConnection from, IOException cause) {
                // the process's end reports the exit code
            }
        }, "mp4j-child-reader-" + name());
        try {
            // classes its class path lacks (shipped by value) come first, then the target
            java.util.List<Frame> frames = new java.util.ArrayList<>(classes);
            frames.add(new Frame(FrameType.RUN_PROCESS, assignment));
            w.sendAll(frames);
        } catch (IOException e) {
            // it died between connecting and now: its exit reports it
            w.kill();
        }
    }

    /** The worker says it is exiting, output closed and hooks done: the child has ended. */
    private void ended(WorkerConnection w, byte[] payload, long startMicros) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        int status = b.getInt();
        b.getLong(); // when the worker read its assignment
        long running = b.getLong();
        long returned = b.getLong();
        w.awaitOutput();
        w.releaseStatusWord(); // it was a spare: the pool status word it held goes before join() returns
        long joined = EpochMicros.now();
        StartupStamps s = w.stamps();
        boolean spare = s.connected() < startMicros;
        timeline = StartupTimeline.of(spare,
                spare ? 0 : s.spawned() - startMicros,
                spare ? 0 : s.main() - s.spawned(),
                spare ? 0 : s.connected() - s.main(),
                running - (spare ? startMicros : s.connected()),
                returned - running,
                joined - returned);
        exited(status);
    }

    @Override
    public Optional<StartupTimeline> startupTimeline() {
        return Optional.ofNullable(timeline);
    }

    @Override
    protected long doPid() {
        return process.pid();
    }

    @Override
    protected void doTerminate() {
        process.destroy();
    }

    @Override
    protected void doKill() {
        process.destroyForcibly();
    }

    @Override
    protected String describe() {
        Process p = process;
        return "process '" + name() + "'" + (p == null ? "" : " (pid " + p.pid() + ")");
    }
}

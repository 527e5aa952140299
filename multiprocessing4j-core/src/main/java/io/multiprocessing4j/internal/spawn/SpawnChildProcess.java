package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.ProcessIdentity;
import io.multiprocessing4j.internal.process.AbstractChildProcess;
import io.multiprocessing4j.internal.codeship.CodeShip;
import io.multiprocessing4j.internal.codeship.ShipLedger;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameType;
import io.multiprocessing4j.internal.wire.ProcessAssignment;

import java.io.IOException;

/**
 * A {@code ChildProcess} that runs its target in a worker JVM.
 *
 * <p>Implementation notes. {@code start()} serializes the target first, so a capture that cannot
 * travel fails in the caller before any JVM is involved. The worker (a warm spare when the options
 * are the defaults) receives one {@code RUN_PROCESS} frame and from then on is an ordinary child:
 * the exit code is its JVM's exit status. A non-daemon child holds a non-daemon thread waiting for
 * it, so this JVM does not exit before the child does, as Python joins non-daemonic children.
 */
final class SpawnChildProcess extends AbstractChildProcess {
    private final Object target;
    private final Object argument;
    private final boolean hasArgument;
    private volatile WorkerConnection worker;

    SpawnChildProcess(Object target, Object argument, boolean hasArgument) {
        this.target = target;
        this.argument = argument;
        this.hasArgument = hasArgument;
    }

    @Override
    protected void doStart() {
        byte[] t;
        byte[] a;
        try (var scope = CodeShip.scope()) {
            t = CodeShip.serialize(target);
            a = hasArgument ? CodeShip.serialize(argument) : null;
        }
        ShipLedger ledger = new ShipLedger();
        java.util.List<Frame> frames = new java.util.ArrayList<>(3);
        ledger.collect(t, frames);
        ledger.collect(a, frames);
        var me = ProcessIdentity.current();
        byte[] assignment = new ProcessAssignment(name(), isDaemon(), me.name(), me.pid(), t, a, hasArgument).encode();
        io.multiprocessing4j.internal.wire.FrameChannel.checkSize(assignment.length);
        LaunchSpec spec = new LaunchSpec(jvmOptions(), environment());
        WorkerConnection w = SpawnRuntime.get().acquire(spec, name(), isDaemon());
        try {
            frames.add(new Frame(FrameType.RUN_PROCESS, assignment));
            w.sendAll(frames);
        } catch (IOException e) {
            w.kill();
            throw new IllegalStateException("worker JVM pid " + w.pid() + " for " + describe()
                    + " died before it received its target: " + e.getMessage(), e);
        }
        worker = w;
        if (!isDaemon()) {
            Thread keeper = new Thread(() -> {
                try {
                    w.process().waitFor();
                } catch (InterruptedException ignored) {
                    // the JVM is going down anyway
                }
            }, "mp4j-child-" + name());
            keeper.setDaemon(false);
            keeper.start();
        }
        // Not the common pool: it has one thread on a 2-core machine, and a user task blocked there
        // would keep every join() waiting.
        w.onExit().thenRunAsync(() -> {
            w.awaitOutput();
            w.closeChannel();
            exited(w.exitCode());
        }, Thread::startVirtualThread);
    }

    @Override
    protected long doPid() {
        return worker.pid();
    }

    @Override
    protected void doTerminate() {
        worker.terminate();
    }

    @Override
    protected void doKill() {
        worker.kill();
    }

    @Override
    protected String describe() {
        WorkerConnection w = worker;
        return "process '" + name() + "'" + (w == null ? "" : " (pid " + w.pid() + ")");
    }
}

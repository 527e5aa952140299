package io.multiprocessing4j.internal.worker;

import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.ProcessIdentity;
import io.multiprocessing4j.internal.codeship.ReceivedCode;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.internal.wire.FrameType;
import io.multiprocessing4j.internal.wire.Handshake;
import io.multiprocessing4j.internal.wire.ProcessAssignment;
import io.multiprocessing4j.process.ProcessInfo;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The main class of every worker JVM.
 *
 * <p>Implementation notes. The worker reads its bootstrap (socket path, authkey, launch id) from
 * stdin, connects, authenticates, says {@code HELLO}, and waits for its first assignment: a
 * {@code ChildProcess} target ({@code RUN_PROCESS}) or pool work ({@code BECOME_POOL_WORKER}),
 * after any classes the target or initializer needs that its class path lacks ({@code DEFINE_CLASSES}). A
 * warm spare is a worker waiting here. The worker never outlives its parent: the end of the
 * connection (the parent closed it, or died and the kernel closed it) and the exit of the parent
 * process each make it exit. This is what keeps a SIGKILLed parent from leaving orphans.
 */
public final class WorkerMain {
    public static final String TRAIN_FLAG = "--train";
    private static volatile FrameChannel connection;
    private static final java.util.concurrent.atomic.AtomicBoolean EXITING = new java.util.concurrent.atomic.AtomicBoolean();

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && TRAIN_FLAG.equals(args[0])) {
            AotTraining.run();
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String socketPath = in.readLine();
        String keyHex = in.readLine();
        String launchId = in.readLine();
        String role = in.readLine();
        if (socketPath == null || keyHex == null || launchId == null) {
            System.err.println("multiprocessing4j worker: this class is started by multiprocessing4j, not by hand"
                    + " (no bootstrap on stdin)");
            System.exit(2);
        }
        if ("spare".equals(role)) {
            // a spare has time to spare: load and run the code its first assignment needs before
            // it reports ready, so that assignment does not pay for class loading and lambda bootstrap
            AotTraining.warmUp();
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socketPath));
        Handshake.connect(ch, HexFormat.of().parseHex(keyHex));
        FrameChannel channel = new FrameChannel(ch);
        connection = channel;
        byte[] id = launchId.getBytes(StandardCharsets.UTF_8);
        channel.send(new Frame(FrameType.HELLO,
                ByteBuffer.allocate(8 + id.length).putLong(ProcessHandle.current().pid()).put(id).array()));
        watchParentProcess();
        // built now, started by runProcess: creating it (and linking its lambda) costs a
        // millisecond or so in a JVM this young, which a spare had better spend while it waits
        Thread disconnectWatch = disconnectWatch(channel);

        Frame first;
        try {
            first = channel.receive();
            while (first.type() == FrameType.DEFINE_CLASSES) {
                // classes the assignment's target or initializer needs, shipped by value
                ReceivedCode.define(first.payload(), Thread.currentThread().getContextClassLoader());
                first = channel.receive();
            }
        } catch (EOFException e) {
            System.exit(0); // a spare that was never needed
            return;
        }
        switch (first.type()) {
            case FrameType.RUN_PROCESS -> runProcess(first.payload(), disconnectWatch);
            case FrameType.BECOME_POOL_WORKER -> PoolWorker.run(channel, first.payload());
            case FrameType.SHUTDOWN -> System.exit(0);
            default -> {
                System.err.println("multiprocessing4j worker: unexpected first frame " + first.type());
                System.exit(2);
            }
        }
    }

    /**
     * Exits when the parent process is gone, whatever this worker is doing. Polls from a virtual
     * thread rather than waiting in {@code ProcessHandle.onExit()}: a thread parked in native code
     * would make the JVM's own exit wait up to 300 ms for it.
     */
    private static void watchParentProcess() {
        ProcessHandle.current().parent().ifPresent(parent -> Thread.ofVirtual().name("mp4j-parent-alive").start(() -> {
            try {
                while (parent.isAlive()) {
                    Thread.sleep(200);
                }
                exitNow(1);
            } catch (InterruptedException e) {
                // exiting
            }
        }));
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
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                // exit anyway
            }
            Runtime.getRuntime().halt(status);
        }, "mp4j-exit-watchdog");
        halter.setDaemon(true);
        halter.start();
        // A thread blocked in a socket read is "in native", and the JVM's exit waits up to 300 ms
        // for such threads: close the connection so the reader leaves native code first.
        FrameChannel c = connection;
        if (c != null) {
            c.close();
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /**
     * A daemon thread, not started yet, that watches the connection once the main thread stops
     * reading it: its end means the parent is gone.
     */
    static Thread disconnectWatch(FrameChannel channel) {
        Thread t = new Thread(() -> {
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
        }, "mp4j-parent-watch");
        t.setDaemon(true);
        return t;
    }

    @SuppressWarnings("unchecked")
    private static void runProcess(byte[] payload, Thread disconnectWatch) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        int status = 0;
        String name = "Process";
        try {
            ProcessAssignment a = ProcessAssignment.decode(payload);
            name = a.name();
            ProcessIdentity.become(a.name(), a.daemon(), new ProcessInfo(a.parentName(), a.parentPid(), false));
            Thread.currentThread().setName(a.name());
            disconnectWatch.start();
            Object target = ReceivedCode.deserialize(a.target(), loader);
            if (a.hasArgument()) {
                Object arg = ReceivedCode.deserialize(a.argument(), loader);
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
        exitNow(status);
    }
}

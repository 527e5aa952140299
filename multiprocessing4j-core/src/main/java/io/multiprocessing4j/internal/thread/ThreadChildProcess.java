package io.multiprocessing4j.internal.thread;

import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.ProcessIdentity;
import io.multiprocessing4j.internal.process.AbstractChildProcess;
import io.multiprocessing4j.process.ProcessInfo;

/**
 * A {@code ChildProcess} of the thread context: a platform thread named after the process.
 *
 * <p>Implementation notes. Exit codes mirror the spawn context: 0 on return, 1 on an uncaught
 * exception (its stack trace printed to {@code System.err}, as a worker would). A thread cannot be
 * killed: {@code terminate()} and {@code kill()} interrupt it, and if it then ends, its exit code is
 * {@code -15} or {@code -9}, as the same program would see in the spawn context. A target that
 * calls {@code System.exit} ends the whole JVM here.
 */
final class ThreadChildProcess extends AbstractChildProcess {
    private final SerializableRunnable body;
    private volatile Thread thread;
    private volatile int signal;

    ThreadChildProcess(SerializableRunnable body) {
        this.body = body;
    }

    @Override
    protected void doStart() {
        ProcessInfo self = new ProcessInfo(name(), ProcessHandle.current().pid(), isDaemon());
        byte[] key = authkey();
        Thread t = new Thread(() -> {
            ProcessIdentity.becomeThreadChild(self, key);
            int code = 0;
            try {
                body.run();
            } catch (Throwable e) {
                if (signal == 0) {
                    System.err.println("Process " + name() + ":");
                    e.printStackTrace();
                }
                code = 1;
            }
            exited(signal != 0 ? -signal : code);
        }, name());
        t.setDaemon(isDaemon());
        thread = t;
        t.start();
    }

    @Override
    protected long doPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    protected void doTerminate() {
        signal = 15;
        thread.interrupt();
    }

    @Override
    protected void doKill() {
        signal = 9;
        thread.interrupt();
    }
}

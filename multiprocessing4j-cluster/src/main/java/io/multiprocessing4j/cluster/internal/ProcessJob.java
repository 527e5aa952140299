package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.ProcessIdentity;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.process.ProcessInfo;
import io.multiprocessing4j.internal.serial.RemoteErrors;

/**
 * A {@code ChildProcess} run as a job on one server node: returns an empty array when the target
 * returned, or the encoded exception it threw (the process then exits with status 1), after
 * printing its stack trace on the node's standard error, as an uncaught exception in a child
 * process is printed.
 */
final class ProcessJob extends UserClassJob {
    private final byte[] target;
    private final byte[] argument;
    private final boolean consumer;
    private final String name;
    private final boolean daemon;
    private final String parentName;
    private final long parentPid;

    ProcessJob(String name, boolean daemon, String parentName, long parentPid, byte[] target, byte[] argument,
               boolean consumer) {
        this.name = name;
        this.daemon = daemon;
        this.parentName = parentName;
        this.parentPid = parentPid;
        this.target = target;
        this.argument = argument;
        this.consumer = consumer;
    }

    @Override
    public byte[] call() {
        ProcessIdentity.becomeThreadChild(new ProcessInfo(name, ProcessHandle.current().pid(), daemon),
                new ProcessInfo(parentName, parentPid, false));
        try {
            return run();
        } finally {
            ProcessIdentity.leaveThreadChild();
        }
    }

    @SuppressWarnings("unchecked")
    private byte[] run() {
        ClassLoader loader = userLoader();
        try {
            Object t = DefaultSerializer.INSTANCE.deserialize(target, loader);
            if (consumer) {
                Object arg = DefaultSerializer.INSTANCE.deserialize(argument, loader);
                ((SerializableConsumer<Object>) t).accept(arg);
            } else {
                ((SerializableRunnable) t).run();
            }
            return new byte[0];
        } catch (Throwable e) {
            System.err.println("Process " + name + ":");
            e.printStackTrace();
            return RemoteErrors.encode(e);
        }
    }
}

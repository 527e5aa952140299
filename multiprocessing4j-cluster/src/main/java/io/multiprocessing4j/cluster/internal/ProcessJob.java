package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
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

    ProcessJob(String name, byte[] target, byte[] argument, boolean consumer) {
        this.name = name;
        this.target = target;
        this.argument = argument;
        this.consumer = consumer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public byte[] call() {
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

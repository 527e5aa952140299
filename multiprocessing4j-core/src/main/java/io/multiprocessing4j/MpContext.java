package io.multiprocessing4j;

import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.manager.Manager;
import io.multiprocessing4j.process.ChildProcess;

import java.util.List;

/**
 * A way of running processes, and the factory of every object that works across them: Python's
 * {@code multiprocessing.get_context(name)}.
 *
 * <p>Contexts are named: {@code "spawn"} (the default: each process is a worker JVM) and
 * {@code "thread"} (the same API on threads of this JVM, like {@code multiprocessing.dummy}: for
 * I/O-bound work and for debugging a program in one process first). A program written against
 * {@code MpContext} runs on either by changing one line.
 *
 * <p>Contexts are long-lived, thread-safe singletons obtained from {@link Multiprocessing#context(String)}.
 */
public interface MpContext {

    /** @return the context's name: {@code "spawn"} or {@code "thread"} */
    String name();

    /**
     * Creates a child process, not yet started, that runs {@code target}.
     *
     * @param target what the child runs
     * @return the unstarted process
     * @throws NullPointerException if {@code target} is null
     */
    ChildProcess process(SerializableRunnable target);

    /**
     * Creates a child process, not yet started, that runs {@code target.accept(argument)}.
     *
     * @param target what the child runs
     * @param argument the argument; serialized at {@code start()}
     * @param <A> the argument type
     * @return the unstarted process
     * @throws NullPointerException if {@code target} is null
     */
    <A> ChildProcess process(SerializableConsumer<A> target, A argument);

    /** @return the children started from this context in this process that are still alive */
    List<ChildProcess> activeChildren();

    /**
     * Sets how many warm spare worker JVMs this context keeps ready, so that {@code start()} and pool
     * growth hand work to an already-running JVM in well under a millisecond (the role of a fork
     * server). A spare serves only requests with the default JVM options and environment. Setting
     * a positive number starts the spares now, in the background. Ignored by the thread context.
     *
     * @param count how many spares to keep, {@code 0} to keep none
     * @return this
     * @throws IllegalArgumentException if {@code count} is negative
     */
    MpContext spareWorkers(int count);

    /**
     * Blocks until the configured number of warm spares is ready (or has failed to start).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitSpares() throws InterruptedException;

    /**
     * Starts a manager server and returns a client of it: Python's {@code ctx.Manager()}. In the
     * spawn context the server is a worker JVM (a warm spare makes this fast); in the thread context
     * it runs on threads of this JVM. Close the manager to stop the server.
     *
     * @return the running manager
     * @throws IllegalStateException if the server could not start (the message says why)
     */
    Manager manager();
}

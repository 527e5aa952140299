package io.multiprocessing4j.process;

import io.multiprocessing4j.function.SerializableRunnable;

/**
 * The class form of a process target, for programs written the way Python's
 * {@code class Worker(Process): def run(self): ...} is: subclass it, keep the task's inputs in
 * fields, and pass an instance to {@code ctx.process(task)}.
 *
 * <pre>{@code
 * final class Download extends ProcessTask {
 *     private final String url;
 *     private final ProcessQueue<byte[]> out;
 *     Download(String url, ProcessQueue<byte[]> out) { this.url = url; this.out = out; }
 *     @Override public void run() throws Exception { out.put(fetch(url)); }
 * }
 * ctx.process(new Download(url, queue)).name("download").start();
 * }</pre>
 *
 * <p><b>State.</b> The instance's fields travel as its state: in the {@code spawn} context the
 * task is serialized at {@code start()} and {@link #run()} runs on a copy in the child JVM, so every
 * field must be serializable (or {@code transient}); a field that is not fails {@code start()} with
 * its path. Changes the child makes to its fields are not seen by the parent, as in Python; send
 * results back through a queue, a pipe or a shared value. In the {@code thread} context
 * {@code run()} runs on this very instance, on another thread.
 *
 * <p>Unlike Python's {@code Process} subclass, the task is not the process handle: options
 * ({@code name}, {@code daemon}, ...) and {@code start()}/{@code join()} stay on the
 * {@link ChildProcess} that {@code ctx.process(task)} returns.
 */
public abstract class ProcessTask implements SerializableRunnable {
    private static final long serialVersionUID = 1L;

    /** For subclasses. */
    protected ProcessTask() {
    }

    /**
     * What the child process runs: Python's {@code Process.run()}. Returning ends the child with
     * exit code 0; an exception ends it with exit code 1 and its stack trace on the child's stderr.
     *
     * @throws Exception whatever the task throws
     */
    @Override
    public abstract void run() throws Exception;

    @Override
    public String toString() {
        return getClass().getName();
    }
}

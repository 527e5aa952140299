package io.multiprocessing4j.examples;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.queue.ProcessQueue;
import io.multiprocessing4j.shared.SharedLong;

import java.io.PrintStream;
import java.io.Serializable;

/**
 * Producer and consumer processes joined by a queue; the producer ends the stream with a sentinel.
 *
 * <pre>
 * def producer(q): [q.put(i) for i in range(N)]; q.put(None)
 * def consumer(q): while (item := q.get()) is not None: total += item
 * </pre>
 *
 * A queue holds no nulls in Java ({@code BlockingQueue}'s rule), so the sentinel is {@code -1}.
 * Argument: item count (default 10 000).
 */
public final class ProducerConsumer {

    static final int SENTINEL = -1;

    /** What both processes get: the queue, the consumer's result cell and the count. */
    record Job(ProcessQueue<Integer> queue, SharedLong sum, int n) implements Serializable {
    }

    private ProducerConsumer() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        MpContext ctx = Multiprocessing.context();
        ProcessQueue<Integer> q = ctx.queue();
        try (SharedLong sum = ctx.sharedLong(0)) {
            Job job = new Job(q, sum, n);
            ChildProcess producer = ctx.process(ProducerConsumer::produce, job).start();
            ChildProcess consumer = ctx.process(ProducerConsumer::consume, job).start();
            producer.join();
            consumer.join();
            long expected = (long) n * (n - 1) / 2;
            out.println("consumer summed " + sum.get() + " (expected " + expected + "); exit codes "
                    + producer.exitCode() + " " + consumer.exitCode());
        } finally {
            q.close();
        }
    }

    static void produce(Job job) throws InterruptedException {
        for (int i = 0; i < job.n(); i++) {
            job.queue().put(i);
        }
        job.queue().put(SENTINEL);
    }

    static void consume(Job job) throws InterruptedException {
        long total = 0;
        for (int item = job.queue().take(); item != SENTINEL; item = job.queue().take()) {
            total += item;
        }
        job.sum().set(total);
    }
}

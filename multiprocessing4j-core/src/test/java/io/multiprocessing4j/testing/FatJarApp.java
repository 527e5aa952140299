package io.multiprocessing4j.testing;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.process.ChildProcess;

import java.util.List;

/**
 * An application packed, with the library, into one jar and run with {@code java -jar}
 * ({@code FatJarIT}): a pool and a process must start their workers from that jar.
 */
public final class FatJarApp {
    private FatJarApp() {
    }

    public static void main(String[] args) throws Exception {
        MpContext ctx = Multiprocessing.context("spawn");
        try (Pool pool = ctx.pool(2)) {
            System.out.println("pool " + pool.map((Integer x) -> x * x, List.of(1, 2, 3)));
        }
        ChildProcess p = ctx.process(() -> System.out.println("child class path " + System.getProperty("java.class.path")))
                .start();
        p.join();
        System.out.println("child exit " + p.exitCode());
    }
}

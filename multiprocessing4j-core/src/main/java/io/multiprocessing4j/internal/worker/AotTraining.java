package io.multiprocessing4j.internal.worker;

import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.internal.wire.Fifo;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.internal.wire.FrameType;
import io.multiprocessing4j.internal.wire.PoolAssignment;
import io.multiprocessing4j.internal.wire.ProcessAssignment;

import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run of the worker AOT cache: touches the classes a worker loads at start-up
 * (the named pipes to its parent, frames, JDK serialization of lambdas and records) so that the
 * JVM records them. Runs in its own JVM with {@code -XX:AOTCacheOutput}.
 */
final class AotTraining {
    private AotTraining() {
    }

    record Sample(int id, String name, double value) implements java.io.Serializable {
    }

    static void run() throws Exception {
        Path dir = Files.createTempDirectory("mp4j-aot-train", java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Path up = dir.resolve("t.up");
        Path down = dir.resolve("t.down");
        byte[] workerToken = new byte[32];
        byte[] parentToken = new byte[32];
        parentToken[0] = 1;
        try {
            Fifo.create(up);
            Fifo.create(down);
            // the worker's side of a start, as WorkerMain runs it, against a parent played here
            Thread parent = Thread.ofPlatform().start(() -> {
                try (FileChannel in = FileChannel.open(up, StandardOpenOption.READ);
                     FileChannel out = FileChannel.open(down, StandardOpenOption.WRITE)) {
                    out.write(java.nio.ByteBuffer.wrap(parentToken));
                    FrameChannel fc = new FrameChannel(in, out);
                    fc.receive();
                    fc.sendAll(List.of(Frame.of(FrameType.SHUTDOWN), Frame.of(FrameType.SHUTDOWN)));
                    fc.receive();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            FrameChannel fc = WorkerMain.connect(up, down, workerToken, parentToken);
            fc.receive();
            fc.send(new Frame(FrameType.EXITED, new byte[36]));
            fc.receive();
            parent.join();
            fc.close();
        } finally {
            Files.deleteIfExists(up);
            Files.deleteIfExists(down);
            Files.deleteIfExists(dir);
        }
        warmUp();
    }

    /**
     * Serialization round trips of what assignments carry (lambdas, records, assignments, errors), a
     * pool worker's status word, and a manager server's start and first requests.
     */
    @SuppressWarnings("unchecked")
    static void warmUp() {
        try {
            SerializableFunction<Integer, Integer> f = x -> x + 1;
            io.multiprocessing4j.function.SerializableRunnable r = () -> { };
            byte[] target = DefaultSerializer.INSTANCE.serialize(r);
            ProcessAssignment.decode(new ProcessAssignment("warm-up", false, "MainProcess", 1, target, null, false).encode());
            PoolAssignment.decode(new PoolAssignment("warm-up", "MainProcess", 1, null, null, "none", 0).encode());
            for (Object o : List.of(f, r, new Sample(1, "a", 2.0), List.of(1, 2L, "x"), new int[3])) {
                Object back = DefaultSerializer.INSTANCE.deserialize(DefaultSerializer.INSTANCE.serialize(o),
                        AotTraining.class.getClassLoader());
                if (back instanceof io.multiprocessing4j.function.SerializableRunnable run) {
                    run.run();
                }
            }
            // the worker's own small classes (watch threads, exit phases, log forwarding), loaded
            // so the cache holds them; the training run itself never becomes a process
            WorkerMain.class.getDeclaredClasses();
            // and a pool worker's (its slot, its task thread), which the training run never becomes
            for (String cn : List.of("io.multiprocessing4j.internal.WorkerSlot", "io.multiprocessing4j.spi.PoolWorkerSlot",
                    "io.multiprocessing4j.internal.worker.PoolWorker$TaskLoop",
                    "io.multiprocessing4j.internal.worker.PoolWorker$AttachStatus",
                    "io.multiprocessing4j.internal.ParkedThreads", "io.multiprocessing4j.internal.ParkedThreads$Parked",
                    "io.multiprocessing4j.internal.ParkedThreads$Retired",
                    "io.multiprocessing4j.internal.serial.LambdaCall$Preloaded$Key")) {
                Class.forName(cn, false, AotTraining.class.getClassLoader());
            }
            Class.forName("io.multiprocessing4j.internal.log.WorkerLogging", false, AotTraining.class.getClassLoader());
            // a process target run as the method it calls (reflection, instead of the lambda metafactory)
            long stamp = System.nanoTime();
            io.multiprocessing4j.function.SerializableConsumer<Object> c = x -> {
                if (x == null && stamp == 0) {
                    throw new IllegalStateException("warm-up");
                }
            };
            for (Object o : List.of(r, c)) {
                Object call = io.multiprocessing4j.internal.serial.LambdaCall.decode(
                        io.multiprocessing4j.internal.serial.LambdaCall.encode(o), AotTraining.class.getClassLoader());
                if (call instanceof io.multiprocessing4j.function.SerializableRunnable run) {
                    run.run();
                } else if (call instanceof io.multiprocessing4j.function.SerializableConsumer<?> consumer) {
                    ((io.multiprocessing4j.function.SerializableConsumer<Object>) consumer).accept(1);
                }
            }
            // a function that is a method on primitives (Math::sqrt, a static int method) is called
            // through a handle adapted to take and return objects: each such adaptation spins code
            // once per JVM, 1-2 ms on a young worker's first chunk; the common shapes, spun here
            List<Object> shapes = List.of((SerializableFunction<Integer, Integer>) AotTraining::nextInt,
                    (SerializableFunction<Long, Long>) AotTraining::nextLong,
                    (SerializableFunction<Double, Double>) Math::sqrt);
            List<Object> samples = List.of(1, 1L, 1.0);
            for (int i = 0; i < shapes.size(); i++) {
                Object call = io.multiprocessing4j.internal.serial.LambdaCall.decode(
                        io.multiprocessing4j.internal.serial.LambdaCall.encode(shapes.get(i)), AotTraining.class.getClassLoader());
                if (call instanceof SerializableFunction<?, ?> fn) {
                    ((SerializableFunction<Object, Object>) fn).apply(samples.get(i));
                }
            }
            io.multiprocessing4j.internal.serial.RemoteErrors.encode(new IllegalStateException("warm-up"));
            // what runProcess touches before the target runs (loading a class the AOT cache lacks
            // opens the class-path jars: milliseconds, on the assignment's critical path)
            io.multiprocessing4j.internal.ProcessIdentity.isWorker();
            new io.multiprocessing4j.process.ProcessInfo("warm-up", 1, false).name();
            // a pool worker maps its status word first thing: load the shared-memory path too
            String name = io.multiprocessing4j.internal.ipc.ShmFile.newName();
            try (var statusFile = io.multiprocessing4j.internal.ipc.ShmFile.create(name,
                    io.multiprocessing4j.internal.wire.WorkerStatusWord.SIZE)) {
                var word = new io.multiprocessing4j.internal.wire.WorkerStatusWord(statusFile.segment());
                word.running(1, 0, System.nanoTime());
                word.idle();
                // the worker's side: attach, as a pool worker does with the word its pool created
                try (var attached = io.multiprocessing4j.internal.ipc.ShmFile.attach(name)) {
                    new io.multiprocessing4j.internal.wire.WorkerStatusWord(attached.segment()).idle();
                }
            } finally {
                io.multiprocessing4j.internal.ipc.ShmFile.unlink(name);
            }
        } catch (Exception | LinkageError e) {
            // warming up is an optimisation only
        }
        try {
            PoolWorker.rehearse(); // a pool's first chunk: the item loop and its result writers
        } catch (RuntimeException | LinkageError e) {
            // warming up is an optimisation only
        }
        // a manager is the other common first assignment (ctx.manager() on a spare)
        io.multiprocessing4j.internal.manager.Managers.warmUpWorkerPath();
    }

    private static int nextInt(int x) {
        return x + 1;
    }

    private static long nextLong(long x) {
        return x + 1;
    }
}

package io.multiprocessing4j.codeship;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.spi.SerializationException;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Classes defined from bytes at run time reach worker JVMs by value when their loader serves the bytes. */
@ExtendWith(NoLeftoverWorkers.class)
class GeneratedClassShippingIT {
    private static final String SQUARER = """
            package gen;
            public class Squarer implements io.multiprocessing4j.function.SerializableFunction<Integer, String> {
                public static String suffix = "?";
                public String apply(Integer x) {
                    return Helper.square(x) + suffix + "@" + ProcessHandle.current().pid();
                }
            }
            class Helper {
                static int square(int x) { return x * x; }
            }
            """;
    private static final String EXITER = """
            package gen;
            public class Exiter implements io.multiprocessing4j.function.SerializableRunnable {
                public static int status;
                public void run() { System.exit(status); }
            }
            """;
    private static final String HOLDER = """
            package gen;
            public class Holder implements io.multiprocessing4j.function.SerializableFunction<Integer, Integer> {
                public static Object resource = new Object();
                public Integer apply(Integer x) { return resource.hashCode() * 0 + x; }
            }
            """;

    private static final String SUMMER = """
            package gen;
            public class Summer implements io.multiprocessing4j.function.SerializableFunction<java.util.Map<String, Integer>, String> {
                public static int offset;
                public String apply(java.util.Map<String, Integer> d) {
                    int sum = offset;
                    for (int v : d.values()) sum += v;
                    return sum + "@" + ProcessHandle.current().pid();
                }
            }
            """;
    private static final String TASK = """
            package gen;
            public class Task implements io.multiprocessing4j.function.SerializableCallable<Long> {
                public Long call() { return ProcessHandle.current().pid(); }
            }
            """;

    private static final MpContext CTX = Multiprocessing.context("spawn");
    private static Pool pool;

    @BeforeAll
    static void startPool() {
        pool = CTX.pool(2);
        pool.map(GeneratedClassShippingIT::twice, List.of(1, 2, 3, 4), 1);
        NoLeftoverWorkers.awaitConnectedWorkers(pool, 2);
    }

    static int twice(int x) {
        return 2 * x;
    }

    @AfterAll
    static void closePool() throws InterruptedException {
        pool.close();
        pool.join();
    }

    @SuppressWarnings("unchecked")
    private static <T> T newInstance(String source, String name, boolean serveBytes) throws Exception {
        Map<String, byte[]> classes = GeneratedClasses.compile(name, source);
        ClassLoader loader = new GeneratedClasses.BytesLoader(classes, serveBytes);
        return (T) Class.forName(name, true, loader).getConstructor().newInstance();
    }

    @Test
    void aClassDefinedFromBytesByALoaderThatServesThemRunsInPoolWorkersWithItsHelperAndStatics() throws Exception {
        SerializableFunction<Integer, String> f = newInstance(SQUARER, "gen.Squarer", true);
        f.getClass().getField("suffix").set(null, "!");

        List<String> out = pool.map(f, List.of(2, 3, 4));

        assertThat(out).extracting(s -> s.substring(0, s.indexOf('@'))).containsExactly("4!", "9!", "16!");
        assertThat(out).extracting(s -> Long.parseLong(s.substring(s.indexOf('@') + 1)))
                .doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    void aChangedStaticTravelsWithTheNextCall() throws Exception {
        SerializableFunction<Integer, String> f = newInstance(SQUARER, "gen.Squarer", true);
        f.getClass().getField("suffix").set(null, "a");
        assertThat(pool.map(f, List.of(1, 1, 1, 1))).allMatch(s -> s.startsWith("1a@"));
        f.getClass().getField("suffix").set(null, "b");
        assertThat(pool.map(f, List.of(1, 1, 1, 1))).allMatch(s -> s.startsWith("1b@"));
    }

    @Test
    void aClassRedefinedUnderTheSameNameRunsInANewGenerationWhileTheOldVersionKeepsItsOwn() throws Exception {
        String cube = SQUARER.replace("return x * x;", "return x * x * x;");
        SerializableFunction<Integer, String> v1 = newInstance(SQUARER, "gen.Squarer", true);
        SerializableFunction<Integer, String> v2 = newInstance(cube, "gen.Squarer", true);
        v1.getClass().getField("suffix").set(null, "");
        v2.getClass().getField("suffix").set(null, "");
        List<Integer> in = List.of(2, 2, 2, 2);

        assertThat(pool.map(v1, in, 1)).allMatch(s -> s.startsWith("4@"));
        assertThat(pool.map(v2, in, 1)).allMatch(s -> s.startsWith("8@"));
        assertThat(pool.map(v1, in, 1)).allMatch(s -> s.startsWith("4@"));
    }

    @Test
    void aGeneratedClassRunsAsAChildProcessTarget() throws Exception {
        io.multiprocessing4j.function.SerializableRunnable r = newInstance(EXITER, "gen.Exiter", true);
        r.getClass().getField("status").set(null, 7);
        ChildProcess p = CTX.process(r);
        p.start();
        p.join();
        assertThat(p.exitCode()).isEqualTo(7);
    }

    @Test
    void aGeneratedFunctionRunsOnTheManagerThroughApply() throws Exception {
        SerializableFunction<java.util.Map<String, Integer>, String> f = newInstance(SUMMER, "gen.Summer", true);
        f.getClass().getField("offset").set(null, 1000);
        try (io.multiprocessing4j.manager.Manager m = CTX.manager()) {
            java.util.Map<String, Integer> d = m.dict();
            d.put("a", 1);
            d.put("b", 2);

            String out = io.multiprocessing4j.manager.Manager.apply(d, f);

            assertThat(out).startsWith("1003@");
            assertThat(Long.parseLong(out.substring(5))).isNotEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void aGeneratedCallableRunsThroughProcessPoolExecutorSubmit() throws Exception {
        io.multiprocessing4j.function.SerializableCallable<Long> task = newInstance(TASK, "gen.Task", true);
        try (io.multiprocessing4j.pool.ProcessPoolExecutor ex = new io.multiprocessing4j.pool.ProcessPoolExecutor(1)) {
            long pid = ex.submit(task).get();
            assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void aGeneratedClassWhoseLoaderDoesNotServeItsBytesFailsAtSubmitSayingWhatTheLoaderMustProvide() throws Exception {
        SerializableFunction<Integer, String> f = newInstance(SQUARER, "gen.Squarer", false);

        assertThatThrownBy(() -> pool.map(f, List.of(1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("gen.Squarer")
                .hasMessageContaining("getResourceAsStream(\"gen/Squarer.class\")");
    }

    @Test
    void aStaticThatCannotBeSerializedFailsAtSubmitNamingTheField() throws Exception {
        SerializableFunction<Integer, Integer> f = newInstance(HOLDER, "gen.Holder", true);

        assertThatThrownBy(() -> pool.map(f, List.of(1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("static field gen.Holder.resource")
                .hasMessageContaining("a worker sees a copy");
    }

    @Test
    void shipmentsOverTheSizeLimitFailNamingTheLimit() throws Exception {
        SerializableFunction<Integer, String> f = newInstance(SQUARER, "gen.Squarer", true);
        System.setProperty("mp4j.maxShipBytes", "100");
        try {
            assertThatThrownBy(() -> pool.map(f, List.of(1)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("-Dmp4j.maxShipBytes")
                    .hasMessageContaining("100 bytes");
        } finally {
            System.clearProperty("mp4j.maxShipBytes");
        }
    }

    @Test
    void withShippingTurnedOffTheWorkerReportsTheMissingClass() throws Exception {
        SerializableFunction<Integer, String> f = newInstance(SQUARER, "gen.Squarer", true);
        System.setProperty("mp4j.shipClasses", "false");
        try {
            assertThatThrownBy(() -> pool.map(f, List.of(1)))
                    .hasMessageContaining("gen.Squarer")
                    .hasMessageContaining("-Dmp4j.shipClasses=false");
        } finally {
            System.clearProperty("mp4j.shipClasses");
        }
    }
}

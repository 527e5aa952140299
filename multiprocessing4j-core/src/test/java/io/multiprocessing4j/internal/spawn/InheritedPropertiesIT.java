package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers see the system properties given on the parent's command line. The parent is a JVM of
 * its own here, since the property must be on its command line, not set at run time.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class InheritedPropertiesIT {

    /** The parent program: a pool task and a warm spare read the property; then with inheritance off. */
    public static void main(String[] args) throws Exception {
        MpContext ctx = Multiprocessing.context("spawn");
        ctx.spareWorkers(1);
        ctx.awaitSpares();
        try (Pool pool = ctx.pool(1)) {
            System.out.println("pool sees " + pool.apply((String k) -> System.getProperty(k), "mp4j.test.block"));
        }
        ctx.awaitSpares();
        ctx.inheritSystemProperties(false);
        try (Pool pool = ctx.pool(1)) {
            System.out.println("without inheritance pool sees " + pool.apply((String k) -> System.getProperty(k), "mp4j.test.block"));
        }
        System.exit(0);
    }

    @Test
    void aPoolTaskReadsAPropertyFromTheParentsCommandLineUnlessTheContextOptsOut() throws Exception {
        ChildJvm.Result r = ChildJvm.run(InheritedPropertiesIT.class, List.of("-Dmp4j.test.block=123"), List.of(), 240);
        assertThat(r.timedOut()).as(r.output()).isFalse();
        assertThat(r.output()).contains("pool sees 123", "without inheritance pool sees null");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void aPropertyThatMustNotTravelIsLeftOut() {
        List<String> args = List.of("-Dblock=1500000", "-Xmx2g", "-Djava.class.path=/x", "-Dcom.sun.management.jmxremote.port=9010",
                "-Djdk.module.path=/m", "-agentlib:jdwp=transport=dt_socket", "-javaagent:/a.jar", "-Dempty=", "-Dflag");
        assertThat(JavaCommand.inheritableOptions(args)).containsExactly("-Dblock=1500000", "-Dempty=", "-Dflag");
    }

    @Test
    void inheritedPropertiesComeBeforeTheLibrarysAndTheCallersOptions() {
        List<String> cmd = JavaCommand.build(new LaunchSpec(List.of("-Dblock=2"), java.util.Map.of()), null, List.of(),
                List.of("-Dblock=1"));
        assertThat(cmd.indexOf("-Dblock=1")).isPositive().isLessThan(cmd.indexOf("-Dblock=2"));
        assertThat(cmd.indexOf("-Dblock=1")).isLessThan(cmd.indexOf("--enable-native-access=ALL-UNNAMED"));
    }
}

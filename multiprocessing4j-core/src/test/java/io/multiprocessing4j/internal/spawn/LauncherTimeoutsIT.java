package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher never waits for good on a worker that never connects, and leaves no pipe open to others. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherTimeoutsIT {

    @Test
    void aConnectedWorkersPipesCannotBeOpenedByAnyoneElse() throws Exception {
        try (WorkerLauncher launcher = new WorkerLauncher(120)) {
            WorkerConnection w = launcher.launch(LaunchSpec.DEFAULT, "pipes");
            try (var files = Files.list(launcher.dir())) {
                assertThat(files.toList()).as("the pipes' names are unlinked once both ends are open").isEmpty();
            }
            assertThat(Files.getPosixFilePermissions(launcher.dir()))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                            java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
            w.closeChannel();
            w.onExit().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWorkerThatIsAliveButNeverConnectsIsReportedWithItsThreadDump(@TempDir Path dir) throws Exception {
        Path agent = agentJar(dir);
        try (WorkerLauncher launcher = new WorkerLauncher(3)) {
            LaunchSpec spec = new LaunchSpec(List.of("-javaagent:" + agent), Map.of());
            assertThatThrownBy(() -> launcher.launch(spec, "silent"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not connect within 3 s")
                    .hasMessageContaining("SilentAgent.premain");
        }
    }

    private static Path agentJar(Path dir) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(new Attributes.Name("Premain-Class"), SilentAgent.class.getName());
        Path jar = dir.resolve("silent-agent.jar");
        String entry = SilentAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m);
             InputStream cls = SilentAgent.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            cls.transferTo(j);
            j.closeEntry();
        }
        return jar;
    }
}

package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
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

/** The launcher never waits for good: neither on a silent peer nor on a worker that never connects. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherTimeoutsTest {

    @Test
    void aSilentClientOnTheWorkerSocketIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (WorkerLauncher launcher = new WorkerLauncher(300, 120);
             SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.connect(UnixDomainSocketAddress.of(launcher.socketPath()));
            ByteBuffer b = ByteBuffer.allocate(64);
            int total = 0;
            int n;
            // the launcher's nonce arrives first; then end of stream once the timer closes it
            while ((n = silent.read(b)) >= 0) {
                total += n;
                b.clear();
            }
            assertThat(total).isEqualTo(32);
        }
    }

    @Test
    void aWorkerThatIsAliveButNeverConnectsIsReportedWithItsThreadDump(@TempDir Path dir) throws Exception {
        Path agent = agentJar(dir);
        try (WorkerLauncher launcher = new WorkerLauncher(30_000, 3)) {
            LaunchSpec spec = new LaunchSpec(List.of("-javaagent:" + agent), Map.of());
            assertThatThrownBy(() -> launcher.launch(spec, "silent"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not connect within 3 s")
                    .hasMessageContaining("connections in their handshake in this JVM: 0")
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

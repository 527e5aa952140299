package io.multiprocessing4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ManagerCommandTest {

    @Test
    void aBadAddressIsRefusedWithUsageExitCode(@TempDir Path dir) throws Exception {
        Path key = Files.write(dir.resolve("key"), new byte[] {1, 2, 3});
        int code = new CommandLine(new ManagerCommand()).execute("--listen", "host:notaport", "--authkey-file", key.toString());
        assertThat(code).isEqualTo(2);
    }

    @Test
    void aMissingTlsKeyStoreIsRefusedWithUsageExitCode(@TempDir Path dir) throws Exception {
        Path key = Files.write(dir.resolve("key"), new byte[] {1, 2, 3});
        Path password = Files.writeString(dir.resolve("password"), "secret");
        int code = new CommandLine(new ManagerCommand()).execute("--listen", "127.0.0.1:0", "--authkey-file", key.toString(),
                "--tls-keystore", dir.resolve("missing.p12").toString(), "--tls-password-file", password.toString());
        assertThat(code).isEqualTo(2);
    }

    @Test
    void listenIsRequired() {
        assertThat(new CommandLine(new ManagerCommand()).execute()).isEqualTo(2);
    }
}

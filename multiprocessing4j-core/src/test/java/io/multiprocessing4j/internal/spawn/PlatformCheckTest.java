package io.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformCheckTest {

    @Test
    void linuxX86WithSharedMemoryDirAndJdk25IsSupported(@TempDir Path shm) {
        assertThat(new Platform("Linux", "amd64", shm, 25).missing()).isEmpty();
        assertThat(new Platform("Linux", "aarch64", shm, 26).missing()).isEmpty();
    }

    @Test
    void theRunningMachineIsSupported() {
        assertThatCode(() -> Platform.current().requireSupported()).doesNotThrowAnyException();
    }

    @Test
    void creatingTheSpawnContextOnMacOsFailsAtOnceNamingThePlatformAndWhatIsMissing() {
        Platform mac = new Platform("Mac OS X", "aarch64", Path.of("/dev/shm-does-not-exist"), 25);
        assertThatThrownBy(() -> new SpawnContext(mac))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Mac OS X aarch64")
                .hasMessageContaining("needs Linux")
                .hasMessageContaining("/dev/shm-does-not-exist")
                .hasMessageContaining("Multiprocessing.context(\"thread\")")
                .message().doesNotContain("x86-64 or aarch64 processor");
    }

    @Test
    void anUnsupportedProcessorIsNamed(@TempDir Path shm) {
        assertThatThrownBy(() -> new SpawnContext(new Platform("Linux", "riscv64", shm, 25)))
                .hasMessageContaining("Linux riscv64")
                .hasMessageContaining("an x86-64 or aarch64 processor")
                .message().doesNotContain("needs Linux");
    }

    @Test
    void aMissingSharedMemoryDirectoryIsNamedWithTheWayOut() {
        assertThatThrownBy(() -> new SpawnContext(new Platform("Linux", "amd64", Path.of("/no/such/shm"), 25)))
                .hasMessageContaining("/no/such/shm")
                .hasMessageContaining("-Dmp4j.shm.dir");
    }

    @Test
    void anOlderJdkIsNamed(@TempDir Path shm) {
        assertThat(new Platform("Linux", "amd64", shm, 21).missing()).containsExactly("JDK 25 or later (this is JDK 21)");
    }
}

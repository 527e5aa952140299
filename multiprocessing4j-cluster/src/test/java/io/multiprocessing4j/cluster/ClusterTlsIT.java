package io.multiprocessing4j.cluster;

import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An embedded cluster whose nodes and client speak TLS (Ignite's SslContextFactory). */
class ClusterTlsIT {

    @Test
    void nodesAndClientTalkTlsWithOneKeyStoreAndRunAPool(@TempDir Path dir) throws Exception {
        Path store = TestCertificates.keyStore(dir, "cluster", "IP:127.0.0.1,DNS:localhost");
        try (ClusterContext ctx = ClusterContext.localTls(1, store, TestCertificates.PASSWORD);
             Pool pool = ctx.pool(1)) {
            assertThat(ctx.ignite().configuration().getSslContextFactory()).isNotNull();
            assertThat(pool.map(x -> x * 2, List.of(1, 2, 3))).containsExactly(2, 4, 6);
        }
    }

    @Test
    void aMissingKeyStoreIsRefusedNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.p12");
        assertThatThrownBy(() -> ClusterContext.localTls(1, missing, TestCertificates.PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.p12");
    }
}

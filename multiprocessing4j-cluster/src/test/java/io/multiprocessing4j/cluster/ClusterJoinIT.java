package io.multiprocessing4j.cluster;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Joining a cluster: bad addresses fail clearly, and fast enough. */
class ClusterJoinIT {

    @Test
    void anAddressNobodyAnswersFailsWithAClearErrorWithinTheJoinTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort(); // free once closed: nobody listens there
        }
        String old = System.getProperty("mp4j.cluster.joinTimeoutMillis");
        long t0 = System.nanoTime();
        int p = port;
        assertThatThrownBy(() -> ClusterContext.join(List.of("127.0.0.1:" + p)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + port);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertThat(seconds).isLessThan(ClusterContext.JOIN_TIMEOUT_MILLIS / 1000 + 10);
        assertThat(old).isNull();
    }

    @Test
    void malformedAddressesAreRefusedNamingTheAddress() {
        assertThatThrownBy(() -> ClusterContext.join(List.of("localhost")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'localhost'");
        assertThatThrownBy(() -> ClusterContext.join(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addresses");
        assertThatThrownBy(() -> ClusterContext.local(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodes");
    }
}

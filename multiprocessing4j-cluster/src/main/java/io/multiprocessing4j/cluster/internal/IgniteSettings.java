package io.multiprocessing4j.cluster.internal;

import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.SystemDataRegionConfiguration;
import org.apache.ignite.logger.java.JavaLogger;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.apache.ignite.ssl.SslContextFactory;

import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Ignite configurations this module uses: loopback server nodes of an embedded cluster, and
 * the client node through which a program reaches any cluster.
 *
 * <p>Implementation notes. Discovery is a static address list (never multicast); the REST and
 * thin-client connectors are off, so a node listens only on its discovery and communication
 * ports. Data regions are small (Ignite's default is a fifth of the machine's memory per node).
 * Logging goes to java.util.logging at SEVERE only, which removes Ignite's start-up banner and its
 * developer warnings; a node's errors still reach its standard error.
 */
public final class IgniteSettings {
    /** The JVM flags every JVM running an Ignite 2.18 node needs on JDK 25 (Ignite's documented list). */
    public static final List<String> JVM_FLAGS = List.of(
            "--add-opens=java.base/jdk.internal.access=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.management/com.sun.jmx.mbeanserver=ALL-UNNAMED",
            "--add-opens=jdk.internal.jvmstat/sun.jvmstat.monitor=ALL-UNNAMED",
            "--add-opens=java.base/sun.reflect.generics.reflectiveObjects=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.math=ALL-UNNAMED",
            "--add-opens=java.sql/java.sql=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.management/sun.management=ALL-UNNAMED",
            "--add-opens=java.desktop/java.awt.font=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    /** System properties every node JVM gets: above all, no call to Ignite's update server. */
    public static final List<String> SYSTEM_PROPERTIES = List.of(
            "-DIGNITE_UPDATE_NOTIFIER=false",
            "-Djava.net.preferIPv4Stack=true",
            "-DIGNITE_PERFORMANCE_SUGGESTIONS_DISABLED=true",
            "-DIGNITE_QUIET=false", // log through the (SEVERE-only) logger instead of printing to the console
            "-DIGNITE_NO_ASCII=true",
            "-DIGNITE_NO_SHUTDOWN_HOOK=true");

    /** Ports per embedded cluster: discovery at {@code base .. base+9}, communication at {@code base+10 ..}. */
    public static final int PORTS_PER_CLUSTER = 40;

    private IgniteSettings() {
    }

    /** Sets, in this JVM, the properties a node or client reads at start, unless the user set them. */
    public static void applySystemProperties() {
        for (String p : SYSTEM_PROPERTIES) {
            String kv = p.substring(2);
            int eq = kv.indexOf('=');
            if (System.getProperty(kv.substring(0, eq)) == null) {
                System.setProperty(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
    }

    /** A server node of an embedded cluster on loopback. */
    public static IgniteConfiguration localServer(String name, int basePort, String workDir) {
        IgniteConfiguration c = common(name, List.of("127.0.0.1:" + basePort + ".." + (basePort + 9)));
        TcpDiscoverySpi disco = (TcpDiscoverySpi) c.getDiscoverySpi();
        disco.setLocalAddress("127.0.0.1");
        disco.setLocalPort(basePort);
        disco.setLocalPortRange(10);
        TcpCommunicationSpi comm = (TcpCommunicationSpi) c.getCommunicationSpi();
        comm.setLocalAddress("127.0.0.1");
        comm.setLocalPort(basePort + 10);
        comm.setLocalPortRange(30);
        c.setLocalHost("127.0.0.1");
        c.setConsistentId(name);
        c.setWorkDirectory(workDir);
        // on one loaded machine a busy node answers late; a killed one still drops its sockets at once
        c.setFailureDetectionTimeout(30_000);
        c.setClientFailureDetectionTimeout(60_000);
        return c;
    }

    /**
     * A client node that joins the servers at {@code addresses} ({@code host:port} or
     * {@code host:port1..port2}).
     *
     * @param loopbackOnly bind the client's own communication port to 127.0.0.1 only
     * @param joinTimeoutMillis how long to look for a server before giving up
     */
    public static IgniteConfiguration client(List<String> addresses, boolean loopbackOnly, int commPort,
                                             long joinTimeoutMillis, String workDir) {
        IgniteConfiguration c = common("mp4j-client-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID(), addresses);
        c.setClientMode(true);
        TcpDiscoverySpi disco = (TcpDiscoverySpi) c.getDiscoverySpi();
        disco.setJoinTimeout(joinTimeoutMillis);
        TcpCommunicationSpi comm = (TcpCommunicationSpi) c.getCommunicationSpi();
        if (loopbackOnly) {
            disco.setLocalAddress("127.0.0.1");
            comm.setLocalAddress("127.0.0.1");
            c.setLocalHost("127.0.0.1");
        }
        if (commPort > 0) {
            comm.setLocalPort(commPort);
            comm.setLocalPortRange(30);
        }
        c.setWorkDirectory(workDir);
        return c;
    }

    /** Turns on TLS for discovery and communication with a JKS or PKCS12 key store that is also the trust store. */
    public static void tls(IgniteConfiguration c, String keyStore, char[] password) {
        SslContextFactory f = new SslContextFactory();
        f.setKeyStoreFilePath(keyStore);
        f.setKeyStorePassword(password);
        f.setKeyStoreType(keyStore.endsWith(".jks") ? "JKS" : "PKCS12");
        f.setTrustStoreFilePath(keyStore);
        f.setTrustStorePassword(password);
        f.setTrustStoreType(keyStore.endsWith(".jks") ? "JKS" : "PKCS12");
        f.setProtocol("TLSv1.3");
        c.setSslContextFactory(f);
    }

    private static IgniteConfiguration common(String name, List<String> addresses) {
        TcpDiscoveryVmIpFinder finder = new TcpDiscoveryVmIpFinder();
        finder.setAddresses(addresses);
        TcpDiscoverySpi disco = new TcpDiscoverySpi();
        disco.setIpFinder(finder);
        TcpCommunicationSpi comm = new TcpCommunicationSpi();
        comm.setMessageQueueLimit(1024);
        DataStorageConfiguration ds = new DataStorageConfiguration();
        ds.getDefaultDataRegionConfiguration().setInitialSize(32L << 20).setMaxSize(256L << 20);
        ds.setSystemDataRegionConfiguration(new SystemDataRegionConfiguration()
                .setInitialSize(16L << 20).setMaxSize(64L << 20));
        Logger jul = Logger.getLogger("org.apache.ignite");
        jul.setLevel(Level.SEVERE);
        return new IgniteConfiguration()
                .setIgniteInstanceName(name)
                .setDiscoverySpi(disco)
                .setCommunicationSpi(comm)
                .setDataStorageConfiguration(ds)
                .setPeerClassLoadingEnabled(true)
                .setClientConnectorConfiguration(null)
                .setConnectorConfiguration(null)
                .setMetricsLogFrequency(0)
                .setGridLogger(new JavaLogger(jul, false));
    }
}

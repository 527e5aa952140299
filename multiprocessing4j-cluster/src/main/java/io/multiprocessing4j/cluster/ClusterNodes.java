package io.multiprocessing4j.cluster;

import io.multiprocessing4j.cluster.internal.IgniteSettings;
import io.multiprocessing4j.cluster.internal.LocalNodes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Server nodes of an embedded cluster started on this machine without joining them: what
 * {@code mp4j cluster start} runs, so that programs started later join them with
 * {@code -Dmp4j.cluster.join=}{@link #joinAddress()} (or {@link ClusterContext#join(List)}).
 *
 * <p>The nodes bind to loopback only, take a random block of free ports, and are stopped by
 * {@link #close()}; they also halt when the JVM that started them exits, so they never outlive it.
 * Thread-safe.
 */
public final class ClusterNodes implements AutoCloseable {
    private final LocalNodes nodes;

    private ClusterNodes(LocalNodes nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts {@code count} server node JVMs and waits until each has joined the others.
     *
     * @param count how many nodes, at least 1
     * @param keyStore a PKCS12 or JKS file that serves as key and trust store to turn on TLS, or null
     * @param password the key store's password, or null without a key store
     * @return the running nodes
     * @throws IllegalArgumentException if {@code count < 1} or the key store is not a readable file
     * @throws IllegalStateException if a node did not start (the message carries its output)
     */
    public static ClusterNodes start(int count, Path keyStore, char[] password) {
        if (keyStore != null) {
            Objects.requireNonNull(password, "password");
            if (!Files.isReadable(keyStore)) {
                throw new IllegalArgumentException("keyStore " + keyStore + " is not a readable file");
            }
        }
        IgniteSettings.applySystemProperties();
        return new ClusterNodes(LocalNodes.start(count,
                keyStore == null ? null : keyStore.toAbsolutePath().toString(), password));
    }

    /** @return the discovery address clients join, {@code 127.0.0.1:PORT..PORT+9} */
    public String joinAddress() {
        return nodes.addresses().getFirst();
    }

    /** @return the node JVMs, in start order */
    public List<ProcessHandle> processes() {
        return nodes.processes();
    }

    /** Stops the nodes (each is given a few seconds, then killed). Idempotent. */
    @Override
    public void close() {
        nodes.close();
    }
}

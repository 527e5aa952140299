package io.multiprocessing4j.cluster;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.spi.ContextProvider;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Makes {@code Multiprocessing.context("cluster")} work when this module is on the class path.
 * The context it creates reads, in order: {@code -Dmp4j.cluster.join=host:port,...} (join those
 * servers), {@code -Dmp4j.cluster.config=file.xml} (an Ignite Spring file), else starts an
 * embedded cluster of {@code -Dmp4j.cluster.nodes} nodes (default 2). The cluster is reached on
 * the context's first use, and left when this JVM exits.
 */
public final class ClusterContextProvider implements ContextProvider {
    /** Called by {@link java.util.ServiceLoader}. */
    public ClusterContextProvider() {
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public MpContext create() {
        String join = System.getProperty("mp4j.cluster.join");
        ClusterContext ctx;
        if (join != null && !join.isBlank()) {
            ctx = ClusterContext.join(Arrays.stream(join.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        } else if (System.getProperty("mp4j.cluster.config") != null) {
            ctx = ClusterContext.joinConfigFile(Path.of(System.getProperty("mp4j.cluster.config")));
        } else {
            ctx = ClusterContext.local(Integer.getInteger("mp4j.cluster.nodes", 2));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ctx::close, "mp4j-cluster-leave"));
        return ctx;
    }
}

package io.multiprocessing4j.cluster;

import io.multiprocessing4j.Multiprocessing;

/**
 * The embedded two-node cluster that the test classes of this module share (starting nodes costs
 * seconds): {@code Multiprocessing.context("cluster")}, found by ServiceLoader, left when the test
 * JVM exits. Tests that kill nodes start their own.
 */
public final class SharedCluster {
    private SharedCluster() {
    }

    public static synchronized ClusterContext context() {
        if (System.getProperty("mp4j.cluster.nodes") == null) {
            System.setProperty("mp4j.cluster.nodes", "2");
        }
        return (ClusterContext) Multiprocessing.context("cluster");
    }
}

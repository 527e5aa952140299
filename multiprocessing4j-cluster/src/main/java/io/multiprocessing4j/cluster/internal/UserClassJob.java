package io.multiprocessing4j.cluster.internal;

import org.apache.ignite.internal.util.lang.GridPeerDeployAware;
import org.apache.ignite.lang.IgniteCallable;

/**
 * An Ignite job whose payload is this project's serialized bytes, deployed under the user's class.
 *
 * <p>Implementation notes. Ignite's marshaller rejects records, so tasks and values travel as
 * {@code DefaultSerializer} bytes inside a job whose own fields are arrays and numbers. Ignite's
 * peer class loading keys a job's deployment on one class and its loader: by naming the user's
 * class here ({@link GridPeerDeployAware}, which Ignite's own closures implement), the node runs
 * the job with a class loader that fetches the user's classes from this process, and that loader
 * is the job thread's context loader, which our deserializer resolves classes with. A lambda's
 * hidden class cannot be loaded by name, so its nest host, the class that declared the lambda, is
 * named instead.
 */
abstract class UserClassJob implements IgniteCallable<byte[]>, GridPeerDeployAware {
    private transient Class<?> deployClass;
    private transient ClassLoader deployLoader;

    /** @param userObject the object whose class must reach the node (the task or function) */
    final void deployWith(Object userObject) {
        Class<?> c = userObject == null ? getClass() : userObject.getClass();
        if (c.isHidden()) {
            c = c.getNestHost();
        }
        ClassLoader l = c.getClassLoader();
        if (l == null) { // a JDK class: nothing of the user's to ship
            c = getClass();
            l = getClass().getClassLoader();
        }
        this.deployClass = c;
        this.deployLoader = l;
    }

    @Override
    public Class<?> deployClass() {
        return deployClass != null ? deployClass : getClass();
    }

    @Override
    public ClassLoader classLoader() {
        return deployLoader != null ? deployLoader : getClass().getClassLoader();
    }

    /** @return the loader that resolves the user's classes on this node */
    static ClassLoader userLoader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : UserClassJob.class.getClassLoader();
    }
}

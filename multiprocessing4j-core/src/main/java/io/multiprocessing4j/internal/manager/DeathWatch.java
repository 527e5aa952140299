package io.multiprocessing4j.internal.manager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Interrupts a server thread that is blocked in a call (a queue's {@code take}, a lock's
 * {@code lock}) when its client goes away, so the call gives up instead of completing for nobody:
 * a {@code take} for a dead client would otherwise remove an item and lose it.
 *
 * <p>Implementation notes. While a call runs, a client sends nothing more on that connection (it
 * waits for the reply), so the socket becoming readable during the call means end of stream. One
 * selector thread watches the sockets of calls in progress. A {@link Watch} is armed before the
 * call and disarmed, under its monitor, before the reply is sent; the watcher interrupts only an
 * armed watch, so the client's next request (which can only follow the reply) never causes an
 * interrupt.
 */
final class DeathWatch implements AutoCloseable {
    private final Selector selector;
    private final ConcurrentLinkedQueue<Watch> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    final class Watch {
        private final SocketChannel channel;
        private final Thread caller;
        private boolean armed = true;
        private SelectionKey key;

        Watch(SocketChannel channel, Thread caller) {
            this.channel = channel;
            this.caller = caller;
        }

        /** Ends the watch; after this returns the caller is never interrupted by it. */
        synchronized void disarm() {
            armed = false;
            selector.wakeup();
        }

        synchronized void fire() {
            if (armed) {
                armed = false;
                caller.interrupt();
            }
        }

        synchronized boolean armed() {
            return armed;
        }
    }

    DeathWatch() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = Thread.ofPlatform().daemon().name("mp4j-manager-deathwatch").start(this::loop);
    }

    Watch arm(SocketChannel channel) {
        Watch w = new Watch(channel, Thread.currentThread());
        pending.add(w);
        selector.wakeup();
        return w;
    }

    private void loop() {
        java.util.List<Watch> active = new java.util.ArrayList<>();
        while (!closed) {
            try {
                // drop finished watches first: a new watch may be for the same socket
                active.removeIf(w -> {
                    if (!w.armed()) {
                        w.key.cancel();
                        return true;
                    }
                    return false;
                });
                selector.selectNow(); // flushes the cancelled keys
                selector.selectedKeys().clear();
                for (Watch w; (w = pending.poll()) != null; ) {
                    if (w.armed()) {
                        try {
                            w.key = w.channel.register(selector, SelectionKey.OP_READ, w);
                            active.add(w);
                        } catch (ClosedChannelException e) {
                            w.fire();
                        }
                    }
                }
                selector.select(1000);
                for (SelectionKey k : selector.selectedKeys()) {
                    ((Watch) k.attachment()).fire();
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            selector.close();
        } catch (IOException ignored) {
            // best-effort
        }
        thread.interrupt();
    }
}

package io.multiprocessing4j.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.pool.PoolActivity;
import io.multiprocessing4j.pool.PoolObserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live web page of one pool: its workers (pid, state, current task, CPU, memory), its calls with
 * progress, rate and time left, a timeline of tasks per worker, and a log of crashes, timeouts and
 * retries with their causes.
 *
 * <p>Start one with {@link #start(Pool, int)} or {@code Pool.builder().dashboard(port)}. The server
 * binds to the loopback interface and answers only requests that carry its random token
 * ({@code ?token=...}, printed once in the address); anything else gets 403. The page receives the
 * pool's state by server-sent events, at most four times a second.
 *
 * <p><b>It cannot slow the pool.</b> The pool hands its activity to a bounded queue and never waits:
 * when the queue is full, the activity is dropped and counted (the page shows the count). A model
 * thread folds activity into a small state; each page's connection sends only the newest state, so
 * a slow page skips states instead of queueing them.
 *
 * <p><b>Lifecycle.</b> The dashboard outlives its pool: a closed pool shows as closed, with its final
 * state, until {@link #close()} or the end of the JVM (its threads are daemons). Thread-safe.
 */
public final class Dashboard implements AutoCloseable {
    private static final long PUSH_EVERY_MILLIS = 250;
    private static final int INBOX = 1 << 16;

    private final Pool pool;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final String token;
    private final String url;
    private final ArrayBlockingQueue<PoolActivity> inbox = new ArrayBlockingQueue<>(INBOX);
    private final AtomicLong dropped = new AtomicLong();
    private final PoolObserver observer;
    private final Thread modelThread;
    private final Object stateLock = new Object();
    private String state;      // guarded by stateLock
    private long version;      // guarded by stateLock
    private volatile boolean closed;

    private Dashboard(Pool pool, InetAddress address, int port) throws IOException {
        this.pool = pool;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.token = HexFormat.of().formatHex(random);
        this.handlers = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(new InetSocketAddress(address, port), 16);
        server.setExecutor(handlers);
        server.createContext("/", this::serve);
        PoolModel model = new PoolModel(pool.toString(), pool.size());
        this.state = model.toJson(new ProcStats(), 0);
        this.observer = a -> {
            if (!inbox.offer(a)) {
                dropped.incrementAndGet();
            }
        };
        this.modelThread = Thread.ofPlatform().daemon().name("mp4j-dashboard-model").unstarted(() -> runModel(model));
        modelThread.start();
        // the server's dispatcher thread inherits daemon status from the thread that starts it
        Thread starter = Thread.ofPlatform().daemon().name("mp4j-dashboard-start").start(server::start);
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        this.url = "http://" + host + ":" + server.getAddress().getPort() + "/?token=" + token;
        pool.addObserver(observer);
    }

    /**
     * Serves a dashboard of {@code pool} on the loopback interface and prints its address, with the
     * access token, once on stderr.
     *
     * @param port the TCP port, 0 for any free one
     * @throws IllegalArgumentException if the port is outside 0..65535
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static Dashboard start(Pool pool, int port) {
        Dashboard d = start(pool, port, InetAddress.getLoopbackAddress());
        System.err.println("mp4j dashboard of " + pool + ": " + d.url());
        return d;
    }

    /**
     * As {@link #start(Pool, int)}, on {@code address}, printing nothing. Binding another address than
     * loopback shows the pool (task arguments in the problem log included) to whoever has the token.
     */
    public static Dashboard start(Pool pool, int port, InetAddress address) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535 (0 = any free port), got " + port);
        }
        try {
            return new Dashboard(pool, address, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the dashboard on " + address.getHostAddress() + ":" + port
                    + " (" + e.getMessage() + "); choose another port, or 0 for any free one", e);
        }
    }

    /** @return the page's address, with its token: {@code http://127.0.0.1:PORT/?token=...} */
    public String url() {
        return url;
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the number of pool activities dropped because the dashboard fell behind */
    public long droppedActivities() {
        return dropped.get();
    }

    /** Stops the server and stops watching the pool (the pool goes on). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.removeObserver(observer);
        modelThread.interrupt();
        synchronized (stateLock) {
            stateLock.notifyAll();
        }
        server.stop(0);
        handlers.shutdownNow();
    }

    // --- the model thread -------------------------------------------------------------------------

    private void runModel(PoolModel model) {
        ProcStats stats = new ProcStats();
        long lastStats = 0;
        long lastPush = 0;
        boolean changed = true;
        while (!closed) {
            try {
                PoolActivity a = inbox.poll(PUSH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                if (a != null) {
                    model.apply(a);
                    for (PoolActivity more; (more = inbox.poll()) != null; ) {
                        model.apply(more);
                    }
                    changed = true;
                }
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastStats >= 1_000_000_000L && !model.closed()) {
                lastStats = now;
                for (long pid : model.livePids()) {
                    stats.sample(pid);
                }
                changed = true;
            }
            if (now - lastPush >= PUSH_EVERY_MILLIS * 1_000_000L && (changed || !model.closed())) {
                lastPush = now;
                changed = false;
                String json = model.toJson(stats, dropped.get());
                synchronized (stateLock) {
                    state = json;
                    version++;
                    stateLock.notifyAll();
                }
            }
        }
    }

    // --- HTTP -------------------------------------------------------------------------------------

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, "text/plain", "GET only");
                return;
            }
            if (!tokenMatches(ex.getRequestURI().getRawQuery())) {
                send(ex, 403, "text/plain", "403 forbidden: open the address printed when the dashboard started; "
                        + "it carries the access token (?token=...)");
                return;
            }
            switch (ex.getRequestURI().getPath()) {
                case "/", "/index.html" -> send(ex, 200, "text/html; charset=utf-8", page());
                case "/state" -> {
                    String s;
                    synchronized (stateLock) {
                        s = state;
                    }
                    send(ex, 200, "application/json", s);
                }
                case "/events" -> stream(ex);
                default -> send(ex, 404, "text/plain", "not found");
            }
        }
    }

    private boolean tokenMatches(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (String part : rawQuery.split("&")) {
            if (part.startsWith("token=")) {
                String given = URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8);
                return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
            }
        }
        return false;
    }

    /** Server-sent events: the newest state whenever it changes; states made while a write blocks are skipped. */
    private void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        long sent = -1;
        try {
            while (!closed) {
                String s;
                synchronized (stateLock) {
                    while (version == sent && !closed) {
                        stateLock.wait(15_000);
                        if (version == sent) {
                            break; // a keep-alive comment below
                        }
                    }
                    s = version == sent ? null : state;
                    sent = version;
                }
                out.write((s == null ? ": keep-alive\n\n" : "data: " + s + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            // the page went away
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static volatile String pageCache;

    private static String page() throws IOException {
        String p = pageCache;
        if (p == null) {
            try (InputStream in = Dashboard.class.getResourceAsStream("dashboard.html")) {
                if (in == null) {
                    throw new IOException("dashboard.html is missing from the dashboard jar");
                }
                p = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            pageCache = p;
        }
        return p;
    }
}

package io.multiprocessing4j.dashboard;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's server without a browser: the token, the event stream, the builder's lookup, a stalled page. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The state is published at most four times a second: polls it until it shows {@code wanted}. */
    private static String eventually(String url, String wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String body;
        while (!(body = get(url).body()).contains(wanted) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return body;
    }

    @Test
    void theServerListensOnLoopbackAndAnswersOnlyWithItsToken() throws Exception {
        try (Pool pool = Multiprocessing.context("thread").pool(1);
             Dashboard dashboard = Dashboard.start(pool, 0, InetAddress.getLoopbackAddress())) {
            assertThat(dashboard.url()).startsWith("http://127.0.0.1:" + dashboard.port() + "/?token=");
            String token = dashboard.url().substring(dashboard.url().indexOf("token=") + 6);
            assertThat(token).hasSize(32);
            assertThat(get(dashboard.url()).statusCode()).isEqualTo(200);
            assertThat(get(dashboard.url()).body()).contains("<title>mp4j pool dashboard</title>").doesNotContain("http://", "https://");
            String base = "http://127.0.0.1:" + dashboard.port();
            assertThat(get(base + "/state?token=" + token).body()).contains("\"workers\":[");
            assertThat(get(base + "/state?token=" + token.toUpperCase()).statusCode()).isEqualTo(403);
            assertThat(get(base + "/state").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void theEventStreamSendsTheStateAsServerSentEvents() throws Exception {
        try (Pool pool = Multiprocessing.context("thread").pool(2);
             Dashboard dashboard = Dashboard.start(pool, 0, InetAddress.getLoopbackAddress())) {
            String token = dashboard.url().substring(dashboard.url().indexOf("token=") + 6);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), dashboard.port())) {
                OutputStream out = s.getOutputStream();
                out.write(("GET /events?token=" + token + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                String line;
                boolean eventStream = false;
                while (!(line = in.readLine()).startsWith("data: ")) {
                    eventStream |= line.toLowerCase().startsWith("content-type: text/event-stream");
                }
                assertThat(eventStream).isTrue();
                assertThat(line).contains("\"closed\":false", "\"size\":2");
            }
        }
    }

    @Test
    void aPageThatStopsReadingNeverSlowsThePool() throws Exception {
        try (Pool pool = Multiprocessing.context("thread").pool(2);
             Dashboard dashboard = Dashboard.start(pool, 0, InetAddress.getLoopbackAddress())) {
            String token = dashboard.url().substring(dashboard.url().indexOf("token=") + 6);
            try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), dashboard.port())) {
                stalled.setReceiveBufferSize(1024);
                stalled.getOutputStream().write(("GET /events?token=" + token + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                // never read: the server's writes to this page block, the pool must not
                for (int round = 0; round < 5; round++) {
                    List<Integer> out = pool.map((Integer x) -> x + 1, IntStream.range(0, 100_000).boxed().toList(), 1);
                    assertThat(out).hasSize(100_000);
                }
            }
            assertThat(get(dashboard.url().replace("/?", "/state?")).body()).contains("\"tasksDone\":");
        }
    }

    @Test
    void theBuilderFindsTheDashboardModule() throws Exception {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Pool pool = Pool.builder().context(Multiprocessing.context("thread")).workers(1).dashboard(0).build()) {
            assertThat(pool.map((Integer x) -> x * 3, List.of(1, 2))).containsExactly(3, 6);
        } finally {
            System.setErr(stderr);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(printed).containsOnlyOnce("mp4j dashboard of Pool[").contains("http://127.0.0.1:", "/?token=");
        String url = printed.substring(printed.indexOf("http://")).strip();
        assertThat(get(url).statusCode()).isEqualTo(200); // the page outlives its pool
        assertThat(eventually(url.replace("/?", "/state?"), "\"closed\":true")).contains("\"closed\":true", "\"tasksDone\":2");
    }
}

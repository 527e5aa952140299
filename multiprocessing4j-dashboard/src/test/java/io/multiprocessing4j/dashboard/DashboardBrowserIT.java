package io.multiprocessing4j.dashboard;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.AsyncResult;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.pool.PoolActivity;
import io.multiprocessing4j.process.WorkerCrashedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser: the system's headless Chromium, driven through the system's
 * chromedriver (never one downloaded by Selenium Manager: the driver and the browser are given by
 * path). Skipped, saying what to install, where Chromium is missing.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of(System.getProperty("mp4j.test.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("mp4j.test.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: they need Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (Debian/Ubuntu: apt-get install -y chromium chromium-driver)");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1100", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    static int slow(int x) throws InterruptedException {
        Thread.sleep(20);
        return x * 2;
    }

    static int slower(int x) throws InterruptedException {
        Thread.sleep(1000);
        return x;
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, PATIENCE, Duration.ofMillis(100));
    }

    @Test
    void pageLoadsWithItsTokenAndRefusesRequestsWithoutIt() throws Exception {
        try (Pool pool = Multiprocessing.context("thread").pool(2);
             Dashboard dashboard = Dashboard.start(pool, 0, java.net.InetAddress.getLoopbackAddress())) {
            browser.get(dashboard.url());
            waiting().until(d -> texts("#status").equals(List.of("live")));
            // a worker started after the page's first state arrives with the next event
            waiting().until(d -> attributes("tr.worker", "data-state").size() == 2);
            assertThat(attributes("tr.worker", "data-state")).containsExactly("running", "running");

            String base = "http://127.0.0.1:" + dashboard.port();
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/", "/?token=wrong", "/state", "/events", "/events?token=", "/state?token=x" + "0".repeat(31))) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(403);
            }
            browser.get(base + "/");
            assertThat(browser.getPageSource()).contains("403 forbidden");
            assertThat(browser.findElements(By.id("workers"))).isEmpty();
        }
    }

    @Test
    void aMapOf200SlowItemsReaches100PercentAndAClosedPoolKeepsItsFinalState() throws Exception {
        Pool pool = Pool.builder().context(Multiprocessing.context("spawn")).workers(2).build();
        try (Dashboard dashboard = Dashboard.start(pool, 0, java.net.InetAddress.getLoopbackAddress())) {
            browser.get(dashboard.url());
            waiting().until(d -> texts("#status").equals(List.of("live")));
            List<Integer> results = pool.map(DashboardBrowserIT::slow, IntStream.range(0, 200).boxed().toList());
            assertThat(results).hasSize(200);

            waiting().until(d -> texts(".call[data-total='200'] .pct").contains("100%"));
            pool.close();
            waiting().until(d -> texts("#status").equals(List.of("closed")));
            assertThat(texts(".call[data-total='200'] .pct")).containsExactly("100%");
            assertThat(attributes(".call[data-total='200']", "data-done")).containsExactly("200");
            assertThat(attributes("tr.worker", "data-state")).hasSize(2).allMatch(state -> state.equals("exited"));
        } finally {
            pool.terminate();
        }
    }

    /** The page is redrawn several times a second: read it in one script, not element by element. */
    @SuppressWarnings("unchecked")
    private static List<String> texts(String css) {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css);
    }

    @SuppressWarnings("unchecked")
    private static List<String> attributes(String css, String attribute) {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))", css, attribute);
    }

    /** Worker rows as name, state, cause. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> workerRows() {
        return (List<Map<String, String>>) browser.executeScript("return [...document.querySelectorAll('tr.worker')].map("
                + "r => ({name: r.dataset.name, state: r.dataset.state, cause: r.querySelector('td.cause').textContent}))");
    }

    @Test
    void aWorkerKilledBySigkillShowsAsCrashedWithItsCauseAndItsReplacementRuns() throws Exception {
        Pool pool = Pool.builder().context(Multiprocessing.context("spawn")).workers(2).build();
        Map<String, Long> pids = new ConcurrentHashMap<>();
        AtomicReference<String> busy = new AtomicReference<>();
        CountDownLatch running = new CountDownLatch(1);
        pool.addObserver(a -> {
            if (a instanceof PoolActivity.WorkerStarted s) {
                pids.put(s.worker(), s.pid());
            } else if (a instanceof PoolActivity.Running r && !r.tasks().isEmpty() && busy.get() == null) {
                busy.set(r.tasks().getFirst().worker());
                running.countDown();
            }
        });
        try (Dashboard dashboard = Dashboard.start(pool, 0, java.net.InetAddress.getLoopbackAddress())) {
            browser.get(dashboard.url());
            AsyncResult<List<Integer>> work = pool.mapAsync(DashboardBrowserIT::slower,
                    IntStream.range(0, 12).boxed().toList(), 1, null, null);
            assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
            String victim = busy.get();
            Set<String> before = Set.copyOf(pids.keySet());
            ProcessHandle.of(pids.get(victim)).orElseThrow().destroyForcibly(); // SIGKILL

            Map<String, String> dead = waiting().until(d -> workerRows().stream()
                    .filter(w -> w.get("name").equals(victim) && w.get("state").equals("crashed")).findFirst().orElse(null));
            assertThat(dead.get("cause")).contains("SIGKILL");
            waiting().until(d -> workerRows().stream()
                    .anyMatch(w -> !before.contains(w.get("name")) && w.get("state").equals("running")));
            waiting().until(d -> texts(".problem").stream().anyMatch(t -> t.contains("SIGKILL") && t.contains(victim)));
            try {
                work.get(); // succeeds when the kill fell between two items
            } catch (java.util.concurrent.ExecutionException e) {
                // the killed item fails the map (no retry policy)
                assertThat(e).hasRootCauseInstanceOf(WorkerCrashedException.class).rootCause().hasMessageContaining("SIGKILL");
            }

            // more work for the screenshot: the timeline then shows all three workers' tasks
            pool.map(DashboardBrowserIT::slow, IntStream.range(0, 150).boxed().toList());
            waiting().until(d -> texts(".call.finished[data-total='150'] .pct").contains("100%"));
            saveScreenshot();
        } finally {
            pool.terminate();
        }
    }

    @Test
    void theTimelineShowsOneRowPerWorker() throws Exception {
        Pool pool = Pool.builder().context(Multiprocessing.context("spawn")).workers(3).build();
        try (Dashboard dashboard = Dashboard.start(pool, 0, java.net.InetAddress.getLoopbackAddress())) {
            browser.get(dashboard.url());
            pool.map(DashboardBrowserIT::slow, IntStream.range(0, 60).boxed().toList(), 1);
            waiting().until(d -> attributes("tr.worker", "data-name").size() == 3
                    && attributes(".tl-row", "data-worker").size() == 3);
            List<String> workers = attributes("tr.worker", "data-name");
            List<String> rows = attributes(".tl-row", "data-worker");
            assertThat(rows).containsExactlyElementsOf(workers).doesNotHaveDuplicates();
            Number height = (Number) browser.executeScript("return document.getElementById('tl-canvas').clientHeight");
            assertThat(height.intValue()).isEqualTo(3 * 22);
        } finally {
            pool.terminate();
        }
    }

    private static void saveScreenshot() throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "dashboard.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}

package org.modnas.spark.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.objective.ParetoFront;
import org.modnas.core.run.RunLease;
import org.modnas.spark.table.CandidateRow;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium, driven through its chromedriver): each view
 * loads and shows the numbers the table holds, a row written while the page is open appears without
 * a reload, sorting and filtering work, markup in a run's strings shows as text, and no request
 * leaves the machine. One browser for the class.
 */
class DashboardBrowserTest {
    private static final int N = 40;
    @TempDir
    static Path tmp;
    private static DashboardServer server;
    private static WebDriver browser;
    private static Path live;

    @BeforeAll
    static void start() throws Exception {
        DashboardFixture.run(tmp.resolve("runs"), "alpha", N);
        live = DashboardFixture.run(tmp.resolve("runs"), "live", 10);
        Files.writeString(live.resolve(RunLease.FILE), "host test, pid 1, started now\n"); // a driver holds it: running
        server = DashboardServer.start(org.modnas.core.store.Location.of(tmp.resolve("runs")), "127.0.0.1", 0, false, "/p");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium")));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .build(), options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void open(String hash) {
        browser.get(server.url() + hash);
    }

    /** A wait that retries while the page redraws the elements it looks at. */
    private static WebDriverWait within(int seconds) {
        WebDriverWait w = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    private static WebElement waitFor(String testid) {
        return within(20).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("[data-testid='" + testid + "']"));
            return found.isEmpty() || found.get(0).getText().isBlank() && !testid.endsWith("table") ? null : found.get(0);
        });
    }

    /** The text of the element with that test id, once it has some. */
    private static String text(String testid) {
        return within(20).until(d -> waitFor(testid).getText());
    }

    private static double best() {
        double best = 0;
        for (int i = 0; i < N; i++) {
            best = Math.max(best, DashboardFixture.accuracy(i));
        }
        return best;
    }

    @Test
    void theRunsViewAndTheOverviewShowTheTablesNumbers() {
        open("#/");
        waitFor("runs-table");
        within(20).until(d -> d.findElements(By.cssSelector("[data-testid='run-row']")).size() == 2);
        assertEquals(String.format(Locale.ROOT, "%.4f", best()), within(20).until(d -> d.findElement(
                By.cssSelector("[data-testid='run-row'][data-run='alpha'] [data-testid='run-best']")).getText()));
        open("#/run/alpha");
        assertEquals(String.format(Locale.ROOT, "%.4f", best()), text("overview-best"));
        assertTrue(text("overview-progress").contains(String.valueOf(N + 1)), text("overview-progress"));
    }

    @Test
    void theCandidatesViewSortsAndFiltersOnTheServer() {
        open("#/run/alpha/candidates");
        assertEquals(String.valueOf(N + 1), text("candidates-total"));
        within(20).until(d -> {
            d.findElements(By.cssSelector("th.sortable")).stream()
                    .filter(h -> h.getText().toLowerCase(Locale.ROOT).startsWith("score")).findFirst().orElseThrow().click();
            return true;
        });
        within(20).until(d -> d.getCurrentUrl().contains("sort=score"));
        String first = within(20).until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("[data-testid='candidate-row']"));
            return rows.isEmpty() || !d.getCurrentUrl().contains("order=desc") ? null : rows.get(0).getText();
        });
        assertTrue(first.contains(String.format(Locale.ROOT, "%.4f", best())), "the best first when sorted by score: " + first);
        open("#/run/alpha/candidates?status=FAILED");
        within(20).until(d -> "1".equals(text("candidates-total")));
    }

    @Test
    void theTradeOffsFrontIsTheOneComputedInJava() {
        List<Map<String, Double>> points = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            points.add(Map.of("macs", (double) DashboardFixture.macs(i), "accuracy", DashboardFixture.accuracy(i)));
        }
        int front = ParetoFront.indices(points, List.of(ParetoFront.Criterion.min("macs"), ParetoFront.Criterion.max("accuracy"))).size();
        open("#/run/alpha/tradeoffs?x=macs&y=accuracy");
        assertEquals(String.valueOf(front), text("front-count"));
        open("#/run/alpha/architectures");
        within(20).until(d -> d.findElements(By.cssSelector("[data-testid='arch-strip']")).size() == 20);
    }

    @Test
    void markupInACandidatesErrorShowsAsTextAndNothingLeavesTheMachine() {
        CandidateRow failed = DashboardFixture.row(N, CandidateStatus.FAILED, DashboardFixture.SCRIPT_ERROR);
        open("#/run/alpha/candidate/" + failed.candidateId());
        assertEquals(DashboardFixture.SCRIPT_ERROR, text("candidate-error"));
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
        assertTrue(text("candidate-retrain").startsWith("submit/modnas train "));
        @SuppressWarnings("unchecked")
        List<String> requested = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);");
        String origin = "http://127.0.0.1:" + server.port() + "/";
        for (String url : requested) {
            assertTrue(url.startsWith(origin), "a request left the server: " + url);
        }
    }

    @Test
    void aRowWrittenWhileThePageIsOpenAppearsWithoutAReload() throws Exception {
        open("#/run/live");
        assertTrue(text("overview-progress").contains("11"), text("overview-progress"));
        Object marker = ((JavascriptExecutor) browser).executeScript("window.__sameDocument = 42; return 1;");
        List<CandidateRow> more = new ArrayList<>();
        for (int i = 100; i < 104; i++) {
            more.add(DashboardFixture.row(i, CandidateStatus.OK, null));
        }
        DashboardFixture.append(live, more);
        Files.setLastModifiedTime(live.resolve(RunLease.FILE), FileTime.fromMillis(System.currentTimeMillis()));
        long t0 = System.nanoTime();
        within(5).until(d -> text("overview-progress").contains("15"));
        System.out.printf("a new row appeared after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(42L, ((JavascriptExecutor) browser).executeScript("return window.__sameDocument;"), "no reload: " + marker);
    }
}

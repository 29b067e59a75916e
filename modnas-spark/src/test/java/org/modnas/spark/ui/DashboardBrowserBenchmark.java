package org.modnas.spark.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.spark.table.CandidateRow;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard at 100,000 candidates in Debian's Chromium: for each view, the time from asking for
 * it to its numbers and its charts being on the page, on the first visit (the server reads the
 * table) and on a second. A benchmark, not a test: its name keeps it out of the build's test run.
 * <pre>mvn -B -pl modnas-spark test -Dtest=DashboardBrowserBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * prints one {@code bench=ui_browser} line per view ({@code -Dmodnas.bench.rows=N} for another size).
 */
class DashboardBrowserBenchmark {
    @TempDir
    Path tmp;

    @Test
    void eachViewAtOneHundredThousandCandidates() throws Exception {
        int n = Integer.getInteger("modnas.bench.rows", 100_000);
        Path run = Files.createDirectories(tmp.resolve("runs/large"));
        Files.writeString(run.resolve("config.conf"), "search.optim.type = RegularizedEvolutionOptim\n"
                + "search.scheduler.type = null\nsearch.budget.candidates = " + n + "\n");
        List<CandidateRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n - 1; i++) {
            rows.add(DashboardFixture.row(i, CandidateStatus.OK, null));
        }
        rows.add(DashboardFixture.row(n - 1, CandidateStatus.FAILED, "failed"));
        DashboardFixture.append(run, rows);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium")));
        WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build(), options);
        try (DashboardServer server = DashboardServer.start(org.modnas.core.store.Location.of(tmp.resolve("runs")), "127.0.0.1", 0, false, "")) {
            String total = String.valueOf(n);
            view(browser, server, "runs", "#/", d -> !d.findElements(testid("run-best")).isEmpty());
            view(browser, server, "overview", "#/run/large", d -> has(d, "overview-best") && charts(d));
            view(browser, server, "candidates", "#/run/large/candidates",
                    d -> total.equals(text(d, "candidates-total")) && !d.findElements(testid("candidate-row")).isEmpty());
            view(browser, server, "candidates_filtered", "#/run/large/candidates?status=FAILED",
                    d -> "1".equals(text(d, "candidates-total")));
            view(browser, server, "architectures", "#/run/large/architectures",
                    d -> d.findElements(testid("arch-strip")).size() == 20 && charts(d));
            view(browser, server, "tradeoffs", "#/run/large/tradeoffs?x=macs&y=accuracy",
                    d -> has(d, "front-count") && charts(d));
        } finally {
            browser.quit();
        }
    }

    private static void view(WebDriver browser, DashboardServer server, String name, String hash,
                             Function<WebDriver, Boolean> ready) {
        long[] ms = new long[2];
        for (int visit = 0; visit < 2; visit++) {
            browser.get("about:blank");
            long t0 = System.nanoTime();
            browser.get(server.url() + hash);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
            wait.pollingEvery(Duration.ofMillis(20)).ignoring(StaleElementReferenceException.class);
            wait.until(ready::apply);
            ms[visit] = (System.nanoTime() - t0) / 1_000_000;
        }
        System.out.printf(Locale.ROOT, "bench=ui_browser view=%s first_ms=%d second_ms=%d%n", name, ms[0], ms[1]);
    }

    private static By testid(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    private static boolean has(WebDriver d, String id) {
        return !d.findElements(testid(id)).isEmpty() && !d.findElements(testid(id)).get(0).getText().isBlank();
    }

    private static String text(WebDriver d, String id) {
        return d.findElements(testid(id)).isEmpty() ? "" : d.findElements(testid(id)).get(0).getText();
    }

    /** Every chart container of the view has drawn its canvas. */
    private static boolean charts(WebDriver d) {
        return !d.findElements(By.cssSelector("canvas")).isEmpty();
    }
}

package org.modnas.spark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.spark.SparkTestSessions;

/** {@code modnas report} and {@link RunReport}: the page, its PNG charts, and the page in a real browser. */
class ReportCommandTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static SparkSession spark;
    @TempDir
    static Path tmp;
    private static Path run;
    private static Path page;
    private static String html;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkTestSessions.local2();
        run = RunFixture.mixedRun(tmp.resolve("mixed"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReportCommand.run(List.of(run.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        page = run.resolve("report/index.html");
        assertEquals(page.toString(), out.toString(StandardCharsets.UTF_8).trim());
        html = Files.readString(page);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static List<Path> pngs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        }
    }

    @Test
    void everyChartOfTheMixedRunIsAValidPngWithContent() throws Exception {
        List<Path> pngs = pngs(run.resolve("report"));
        List<String> names = pngs.stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("accuracy_vs_latency.png", "accuracy_vs_macs.png", "accuracy_vs_params.png",
                "best_score_over_candidates.png", "best_score_over_time.png", "executor_timeline.png"), names);
        for (Path p : pngs) {
            byte[] bytes = Files.readAllBytes(p);
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), p + " starts with the PNG signature");
            BufferedImage img = ImageIO.read(p.toFile());
            assertTrue(img.getWidth() > 0 && img.getHeight() > 0, p.toString());
            assertTrue(distinctColours(img) > 16, p + " has more than a few colours: " + distinctColours(img));
        }
    }

    @Test
    void timelineShowsEachStatusInItsColour() throws Exception {
        Set<Integer> colours = colourSet(ImageIO.read(run.resolve("report/executor_timeline.png").toFile()));
        for (String status : List.of("OK", "FAILED", "TIMEOUT")) {
            int rgb = Charts.STATUS_COLOURS.get(status).getRGB() & 0xffffff;
            assertTrue(colours.contains(rgb), status + " bars are drawn");
        }
    }

    @Test
    void pageReferencesEveryPngThatExistsAndNothingElse() throws Exception {
        Set<String> referenced = new HashSet<>();
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            referenced.add(m.group(1));
        }
        Set<String> existing = new HashSet<>();
        for (Path p : pngs(run.resolve("report"))) {
            existing.add(p.getFileName().toString());
        }
        assertEquals(existing, referenced);
    }

    @Test
    void pageIsSelfContainedAndListsSummaryAndTopCandidates() {
        assertTrue(html.contains("<title>ModularNAS run fixture-run</title>"), html);
        assertTrue(html.contains("<style>"), "inline CSS");
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("<link"), "no external style sheets or fonts");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no external resources");
        assertTrue(html.contains("10 (OK 7, FAILED 2, TIMEOUT 1)"), html);
        assertTrue(html.contains("host-a") && html.contains("host-b"), "executors listed");
        assertTrue(html.contains(RunFixture.BEST_ID), "best candidate's full id");
        assertTrue(html.contains("slot_0=MB7E6"), "best candidate's arch");
        assertTrue(html.contains("loss is NaN, at epoch 2"), "first error line");
        assertFalse(html.contains("Trainer.step"), "only the first line of an error");
    }

    @Test
    void chartsWithoutDataAreNamedAndTheirStalePngsRemoved() throws Exception {
        Path other = RunFixture.runWithoutLatency(tmp.resolve("no-latency"));
        Files.createDirectories(other.resolve("report"));
        Files.write(other.resolve("report/accuracy_vs_latency.png"), new byte[] {1, 2, 3}); // from an earlier report
        Path written = RunReport.write(spark, org.modnas.core.store.Location.of(other)).path();
        String text = Files.readString(written);
        assertTrue(text.contains("No data for this chart: no candidate has both accuracy and latency_ms measured."), text);
        assertFalse(Files.exists(other.resolve("report/accuracy_vs_latency.png")));
        assertFalse(text.contains("accuracy_vs_latency.png"));
        assertTrue(text.contains("<img src=\"accuracy_vs_params.png\""), text);
        try (Stream<Path> files = Files.list(other.resolve("report"))) {
            List<String> hidden = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
            assertEquals(List.of(), hidden, "no temporary files left behind");
        }
    }

    @Test
    void paretoFrontKeepsTheMostAccurateForEachCostAndTies() {
        List<double[]> pts = List.of(new double[] {1, 0.5}, new double[] {2, 0.4}, new double[] {2, 0.7},
                new double[] {3, 0.7}, new double[] {4, 0.9}, new double[] {4, 0.9}, new double[] {5, 0.8});
        List<double[]> front = Charts.paretoFront(pts);
        List<String> got = new ArrayList<>();
        front.forEach(p -> got.add(p[0] + ":" + p[1]));
        assertEquals(List.of("1.0:0.5", "2.0:0.7", "4.0:0.9", "4.0:0.9"), got);
    }

    @Test
    void missingRunFolderExitsTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path missing = tmp.resolve("absent");
        int status = ReportCommand.run(List.of(missing.toString()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no run folder at " + missing));
    }

    @Test
    void pageOpensInHeadlessChromiumWithItsImages() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed at " + CHROMIUM
                + " (Debian: apt-get install -y chromium); the browser check is skipped");
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        List<String> common = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile);

        List<String> dumpDom = new ArrayList<>(common);
        dumpDom.addAll(List.of("--dump-dom", page.toUri().toString()));
        Browser dom = browse(dumpDom, tmp.resolve("dom.txt"));
        assertEquals(0, dom.status(), dom.log());
        assertTrue(dom.out().contains("<title>ModularNAS run fixture-run</title>"), dom.out());
        for (Path png : pngs(run.resolve("report"))) {
            assertTrue(dom.out().contains("<img src=\"" + png.getFileName() + "\""), png + " in the DOM");
        }

        Path shot = tmp.resolve("shot.png");
        List<String> screenshot = new ArrayList<>(common);
        screenshot.addAll(List.of("--screenshot=" + shot, "--window-size=1200,2000", page.toUri().toString()));
        Browser s = browse(screenshot, tmp.resolve("shot.txt"));
        assertEquals(0, s.status(), s.log());
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1200, img.getWidth());
        assertTrue(distinctColours(img) > 16, "the screenshot shows the page, not a blank window");
        // the first chart is in view: its best-so-far line proves the browser loaded the PNGs
        assertTrue(colourSet(img).contains(Charts.BEST.getRGB() & 0xffffff), "chart images are drawn in the page");
    }

    record Browser(int status, String out, String log) {
    }

    private static Browser browse(List<String> command, Path output) throws Exception {
        Path log = Path.of(output + ".log");
        Process p = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(log));
        }
        return new Browser(p.exitValue(), Files.readString(output), Files.readString(log));
    }

    private static int distinctColours(BufferedImage img) {
        return colourSet(img).size();
    }

    private static Set<Integer> colourSet(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                colours.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        return colours;
    }
}

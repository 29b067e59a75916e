package org.modnas.spark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.objective.ParetoFront;
import org.modnas.core.store.Location;
import org.modnas.spark.table.CandidateRow;

/**
 * The report's PNG charts, drawn with JFreeChart: best score over time and over
 * candidates (running max), accuracy against params, MACs and latency with the Pareto front marked
 * (most accurate for the least cost), and one timeline lane per executor with a bar per candidate
 * coloured by status. A chart without data is not drawn; its {@link Chart#noData()} says why.
 */
public final class Charts {
    static final int WIDTH = 900;
    static final int HEIGHT = 520;
    private static final Color POINT = new Color(0x5c, 0x7c, 0xb0, 170);
    private static final Color FRONT = new Color(0xc6, 0x28, 0x28);
    static final Color BEST = new Color(0x1b, 0x5e, 0x20);
    static final Map<String, Color> STATUS_COLOURS = Map.of(
            CandidateStatus.OK.name(), new Color(0x2e, 0x7d, 0x32), CandidateStatus.PRUNED.name(), new Color(0x78, 0x90, 0x9c),
            CandidateStatus.FAILED.name(), new Color(0xc6, 0x28, 0x28), CandidateStatus.TIMEOUT.name(), new Color(0xef, 0x6c, 0x00));
    private static final Color OTHER_STATUS = new Color(0x75, 0x75, 0x75);

    static {
        // charts are drawn off-screen; on a server without a display AWT must not look for one
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * One chart of the page.
     *
     * @param file    its PNG file name in the report folder
     * @param noData  why it was not drawn, or null when it was
     */
    record Chart(String file, String title, String caption, String noData) {
        boolean drawn() {
            return noData == null;
        }
    }

    private Charts() {
    }

    /**
     * Draws every chart into {@code dir} (each PNG written atomically) and removes the PNG of a chart
     * that has no data now, so the folder never holds a picture the page does not show.
     */
    static List<Chart> write(List<CandidateRow> rows, List<CandidateRow> rungs, Location dir) {
        List<Chart> out = new ArrayList<>();
        if (rungs.stream().anyMatch(r -> r.resource() != null)) {
            out.add(learningCurves(rungs, dir));
        }
        out.add(bestOverTime(rows, dir));
        out.add(bestOverCandidates(rows, dir));
        out.add(accuracyVs(rows, dir, "params", "accuracy_vs_params.png", "parameters", r -> toDouble(r.params())));
        out.add(accuracyVs(rows, dir, "macs", "accuracy_vs_macs.png", "MACs", r -> toDouble(r.macs())));
        out.add(accuracyVs(rows, dir, "latency_ms", "accuracy_vs_latency.png", "latency (ms)", CandidateRow::latencyMs));
        out.add(timeline(rungs, dir));
        for (Chart c : out) {
            if (!c.drawn()) {
                try {
                    dir.resolve(c.file()).delete();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove the stale chart " + dir.resolve(c.file()), e);
                }
            }
        }
        return out;
    }

    /**
     * Under a multi-fidelity scheduler: each candidate's score against the training resource it
     * reached, one line per candidate through its rungs; candidates promoted at least once are drawn
     * as lines with markers, those stopped at the bottom rung as dots.
     */
    private static Chart learningCurves(List<CandidateRow> rungs, Location dir) {
        String file = "learning_curves.png";
        String title = "Score against training resource";
        Map<String, List<CandidateRow>> byCandidate = new LinkedHashMap<>();
        rungs.stream().filter(r -> finite(r.score()) && finite(r.resource()))
                .sorted(Comparator.comparingInt(CandidateRow::rung))
                .forEach(r -> byCandidate.computeIfAbsent(r.candidateId(), k -> new ArrayList<>()).add(r));
        if (byCandidate.isEmpty()) {
            return new Chart(file, title, null, "no rung has both a score and a resource");
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries stopped = new XYSeries("stopped at the bottom rung", false);
        int promoted = 0;
        for (Map.Entry<String, List<CandidateRow>> e : byCandidate.entrySet()) {
            if (e.getValue().size() == 1) {
                stopped.add(e.getValue().get(0).resource(), e.getValue().get(0).score());
                continue;
            }
            XYSeries line = new XYSeries(e.getKey(), false);
            e.getValue().forEach(r -> line.add(r.resource(), r.score()));
            data.addSeries(line);
            promoted++;
        }
        data.addSeries(stopped);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        for (int i = 0; i < data.getSeriesCount() - 1; i++) {
            r.setSeriesPaint(i, BEST);
            r.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            r.setSeriesVisibleInLegend(i, i == 0);
        }
        int last = data.getSeriesCount() - 1;
        r.setSeriesLinesVisible(last, false);
        r.setSeriesShape(last, new Ellipse2D.Double(-3, -3, 6, 6));
        r.setSeriesPaint(last, OTHER_STATUS);
        NumberAxis x = new NumberAxis("training resource (steps or epochs)");
        NumberAxis y = new NumberAxis("score");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        style(chart);
        draw(dir.resolve(file), chart);
        return new Chart(file, title, byCandidate.size() + " candidates; the " + promoted + " promoted at least once are "
                + "lines through their rungs, the others dots at the bottom rung.", null);
    }

    private static Chart bestOverTime(List<CandidateRow> rows, Location dir) {
        String file = "best_score_over_time.png";
        String title = "Best score over time";
        Long start = rows.stream().map(CandidateRow::startedAtMs).filter(java.util.Objects::nonNull)
                .min(Long::compare).orElse(null);
        List<CandidateRow> scored = rows.stream()
                .filter(r -> finite(r.score()) && r.finishedAtMs() != null)
                .sorted(Comparator.comparingLong(CandidateRow::finishedAtMs)).toList();
        if (scored.isEmpty() || start == null) {
            return new Chart(file, title, null, "no candidate has both a score and a finish time");
        }
        XYSeries points = new XYSeries("score", false);
        XYSeries best = new XYSeries("best so far", false);
        runningMax(scored, r -> (r.finishedAtMs() - start) / 1000.0, points, best);
        draw(dir.resolve(file), lineChart(title, "seconds since the first candidate started", "score",
                points, best, BEST, false));
        return new Chart(file, title, "Each dot is a scored candidate at the time it finished; the line is the best score so far.", null);
    }

    private static Chart bestOverCandidates(List<CandidateRow> rows, Location dir) {
        String file = "best_score_over_candidates.png";
        String title = "Best score over candidates";
        // evaluation order: by finish time where known, proposal order otherwise
        List<CandidateRow> ordered = rows.stream()
                .sorted(Comparator.comparing((CandidateRow r) -> r.finishedAtMs() == null ? Long.MAX_VALUE : r.finishedAtMs())
                        .thenComparingLong(CandidateRow::seq)).toList();
        List<CandidateRow> scored = new ArrayList<>();
        Map<CandidateRow, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            if (finite(ordered.get(i).score())) {
                scored.add(ordered.get(i));
                index.put(ordered.get(i), i + 1);
            }
        }
        if (scored.isEmpty()) {
            return new Chart(file, title, null, "no candidate has a score");
        }
        XYSeries points = new XYSeries("score", false);
        XYSeries best = new XYSeries("best so far", false);
        runningMax(scored, r -> (double) index.get(r), points, best);
        draw(dir.resolve(file), lineChart(title, "candidates evaluated", "score", points, best, BEST, true));
        return new Chart(file, title, "The best score after each evaluated candidate (failed ones count, without a dot).", null);
    }

    private static void runningMax(List<CandidateRow> scored, Function<CandidateRow, Double> x, XYSeries points, XYSeries best) {
        double max = Double.NEGATIVE_INFINITY;
        for (CandidateRow r : scored) {
            double xv = x.apply(r);
            points.add(xv, r.score());
            if (r.score() > max) {
                if (max != Double.NEGATIVE_INFINITY) {
                    best.add(xv, max);
                }
                max = r.score();
            }
            best.add(xv, max);
        }
    }

    private static Chart accuracyVs(List<CandidateRow> rows, Location dir, String column, String file, String label,
                                    Function<CandidateRow, Double> cost) {
        String title = "Accuracy vs " + label;
        List<double[]> pts = new ArrayList<>();
        for (CandidateRow r : rows) {
            Double c = cost.apply(r);
            if (finite(r.accuracy()) && finite(c)) {
                pts.add(new double[] {c, r.accuracy()});
            }
        }
        if (pts.isEmpty()) {
            return new Chart(file, title, null, "no candidate has both accuracy and " + column + " measured");
        }
        List<double[]> front = paretoFront(pts);
        XYSeries all = new XYSeries("candidates", false);
        pts.forEach(p -> all.add(p[0], p[1]));
        XYSeries f = new XYSeries("Pareto front (" + front.size() + ")", false);
        front.forEach(p -> f.add(p[0], p[1]));
        draw(dir.resolve(file), lineChart(title, label, "accuracy", all, f, FRONT, true));
        return new Chart(file, title, pts.size() + " candidates with accuracy and " + column + "; the red line joins the "
                + "Pareto front, where no other candidate is at least as accurate for at most the same " + column + ".", null);
    }

    /**
     * The points {cost, accuracy} no other point dominates (at least as accurate, at most as costly,
     * better in one), in ascending cost, by {@link ParetoFront}. Identical points do not dominate each
     * other, so ties all stay.
     */
    static List<double[]> paretoFront(List<double[]> pts) {
        List<Map<String, Double>> rows = new ArrayList<>(pts.size());
        for (double[] p : pts) {
            rows.add(Map.of("cost", p[0], "accuracy", p[1]));
        }
        List<double[]> front = new ArrayList<>();
        for (int i : ParetoFront.indices(rows, List.of(ParetoFront.Criterion.min("cost"), ParetoFront.Criterion.max("accuracy")))) {
            front.add(pts.get(i));
        }
        front.sort(Comparator.comparingDouble((double[] p) -> p[0]).thenComparingDouble(p -> -p[1]));
        return front;
    }

    private static Chart timeline(List<CandidateRow> rows, Location dir) {
        String file = "executor_timeline.png";
        String title = "Candidates per executor over time";
        List<CandidateRow> timed = rows.stream()
                .filter(r -> r.startedAtMs() != null && r.finishedAtMs() != null).toList();
        if (timed.isEmpty()) {
            return new Chart(file, title, null, "no candidate has start and finish times");
        }
        long start = timed.stream().mapToLong(CandidateRow::startedAtMs).min().orElseThrow();
        List<String> lanes = new ArrayList<>();
        for (CandidateRow r : timed.stream().sorted(Comparator.comparingLong(CandidateRow::startedAtMs)).toList()) {
            String lane = laneName(r);
            if (!lanes.contains(lane)) {
                lanes.add(lane);
            }
        }
        Map<String, XYIntervalSeries> byStatus = new LinkedHashMap<>();
        for (String s : java.util.Arrays.stream(CandidateStatus.values()).map(CandidateStatus::name).toList()) {
            byStatus.put(s, new XYIntervalSeries(s));
        }
        for (CandidateRow r : timed) {
            String s = r.status() == null ? "UNKNOWN" : r.status().name();
            XYIntervalSeries series = byStatus.computeIfAbsent(s, XYIntervalSeries::new);
            double x0 = (r.startedAtMs() - start) / 1000.0;
            double x1 = Math.max(x0, (r.finishedAtMs() - start) / 1000.0);
            int y = lanes.indexOf(laneName(r));
            series.add((x0 + x1) / 2, x0, x1, y, y - 0.35, y + 0.35);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        byStatus.values().stream().filter(s -> s.getItemCount() > 0).forEach(data::addSeries);
        XYBarRenderer bars = new XYBarRenderer();
        bars.setUseYInterval(true);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(true);
        bars.setDefaultOutlinePaint(Color.WHITE);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            bars.setSeriesPaint(i, STATUS_COLOURS.getOrDefault((String) data.getSeriesKey(i), OTHER_STATUS));
        }
        NumberAxis x = new NumberAxis("seconds since the first candidate started");
        SymbolAxis y = new SymbolAxis("executor", lanes.toArray(new String[0]));
        y.setGridBandsVisible(true);
        XYPlot plot = new XYPlot(data, x, y, bars);
        plot.setOrientation(PlotOrientation.VERTICAL);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        int height = Math.max(HEIGHT / 2, Math.min(2000, 140 + 48 * lanes.size()));
        draw(dir.resolve(file), chart, height);
        return new Chart(file, title, "One lane per executor (host and GPU where known); a bar per candidate (per rung under "
                + "early stopping) from its start to its finish, coloured by status.", null);
    }

    private static String laneName(CandidateRow r) {
        String lane = RunSummary.executorOf(r) + (r.host() == null ? "" : " @ " + r.host());
        return r.gpu() == null || r.gpu().isEmpty() ? lane : lane + " gpu " + r.gpu();
    }

    /** Dots for {@code points}, a line (with markers) for {@code line}. */
    private static JFreeChart lineChart(String title, String xLabel, String yLabel, XYSeries points, XYSeries line,
                                        Color lineColour, boolean lineMarkers) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(points);
        data.addSeries(line);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, false);
        r.setSeriesShapesVisible(0, true);
        r.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        r.setSeriesPaint(0, POINT);
        r.setSeriesLinesVisible(1, true);
        r.setSeriesShapesVisible(1, lineMarkers);
        r.setSeriesShape(1, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
        r.setSeriesPaint(1, lineColour);
        r.setSeriesStroke(1, new BasicStroke(2.2f));
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        return chart;
    }

    public static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(new Color(0xfa, 0xfa, 0xfa));
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    }

    public static void draw(Location file, JFreeChart chart) {
        draw(file, chart, HEIGHT);
    }

    private static void draw(Location file, JFreeChart chart, int height) {
        file.write(out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, height));
    }

    private static boolean finite(Double d) {
        return d != null && Double.isFinite(d);
    }

    private static Double toDouble(Long l) {
        return l == null ? null : l.doubleValue();
    }
}

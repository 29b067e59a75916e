package org.modnas.spark.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.AlphaRecord;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.estim.StageResult;
import org.modnas.core.run.RunDirectory;
import org.modnas.core.search.StageOutputs;
import org.modnas.core.store.Location;

/**
 * The report of a search whose chain is stages only (a gradient search): for each stage that
 * recorded its epochs, the derived subnet's accuracy and the mean α entropy per epoch, the
 * probability of each mixed op's final choice over the epochs, the final α of every candidate as a
 * heat map, and a table of the epochs with the desc each derived.
 */
final class StageReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StageReport() {
    }

    /** The stages of the run at {@code runDir} that recorded epochs, in the order their results were written. */
    static Map<String, StageResult> stages(Location runDir) {
        Map<String, StageResult> out = new LinkedHashMap<>();
        Location outputs = runDir.resolve("outputs");
        if (!RunTable.isFolder(outputs)) {
            return out;
        }
        RunDirectory run = RunDirectory.of(runDir.absolute().parent(), runDir.name());
        List<Location> files;
        try {
            files = outputs.list().stream().filter(p -> p.name().endsWith("_results.json")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + outputs + ": " + e.getMessage(), e);
        }
        for (Location f : files) {
            try {
                JsonNode root = JSON.readTree(f.readBytes());
                if (root.path("stage").asBoolean(false) && root.path("epochs").size() > 0) {
                    String name = root.get("estimator").asText();
                    out.put(name, StageOutputs.read(run, name));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Writes {@code <runDir>/report/index.html} and its charts for these stages; returns the page. */
    static Location write(Location runDir, Map<String, StageResult> stages) {
        Location dir = runDir.resolve(RunReport.FOLDER);
        String title = "ModularNAS run " + runDir.name();
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(ReportPage.esc(title))
                .append("</title>\n<style>\n").append(ReportPage.CSS).append("</style>\n</head>\n<body>\n<h1>")
                .append(ReportPage.esc(title)).append("</h1>\n<p class=\"note\">Written ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" from the stages' results (<code>../outputs</code>); ")
                .append("every α is in the table <code>../alphas</code>.</p>\n");
        for (Map.Entry<String, StageResult> e : stages.entrySet()) {
            String stage = e.getKey();
            StageResult r = e.getValue();
            b.append("<h2>Stage ").append(ReportPage.esc(stage)).append("</h2>\n<table>\n");
            r.metrics().forEach((k, v) -> b.append("<tr><th>").append(ReportPage.esc(k)).append("</th><td class=\"n\">")
                    .append(ReportPage.esc(RunSummary.num(v))).append("</td></tr>\n"));
            if (r.best() != null) {
                b.append("<tr><th>derived desc</th><td class=\"arch\">").append(ReportPage.esc(r.best().toJson())).append("</td></tr>\n");
            }
            b.append("</table>\n");
            figure(b, metricsChart(dir, stage, r.epochs()), "After every epoch: the supernet's validation accuracy, the "
                    + "derived subnet's on the supernet's weights after batch-norm recalibration, and the mean entropy of "
                    + "softmax(α) over the mixed ops (in nats).");
            figure(b, choiceChart(dir, stage, r.epochs()), "For every mixed op, the probability of the candidate it chose "
                    + "at the end, epoch by epoch.");
            figure(b, heatMap(dir, stage, r.epochs().get(r.epochs().size() - 1)), "softmax(α) of every candidate of every "
                    + "mixed op after the last epoch: the darker, the likelier.");
            b.append("<h3>Epochs</h3>\n<table>\n<tr><th>epoch</th><th>loss</th><th>supernet accuracy</th>")
                    .append("<th>derived accuracy</th><th>valid loss</th><th>α entropy</th><th>derived desc</th></tr>\n");
            for (StageEpoch ep : r.epochs()) {
                b.append("<tr><td class=\"n\">").append(ep.epoch()).append("</td>");
                for (String k : List.of("loss", "supernet_accuracy", "accuracy", "valid_loss", "alpha_entropy")) {
                    Double v = ep.metrics().get(k);
                    b.append("<td class=\"n\">").append(v == null ? "" : ReportPage.esc(RunSummary.num(v))).append("</td>");
                }
                b.append("<td class=\"arch\">").append(ep.desc() == null ? "" : ReportPage.esc(ep.desc().toJson()))
                        .append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("</body>\n</html>\n");
        Location page = dir.resolve(RunReport.PAGE);
        page.write(b.toString());
        return page;
    }

    /** The plain-text summary {@code modnas show} prints for these stages. */
    static String text(Location runDir, Map<String, StageResult> stages) {
        StringBuilder b = new StringBuilder("run " + runDir.name() + ": a search of stages only\n");
        for (Map.Entry<String, StageResult> e : stages.entrySet()) {
            StageResult r = e.getValue();
            b.append("stage ").append(e.getKey()).append(": ").append(r.epochs().size()).append(" epochs\n");
            r.metrics().forEach((k, v) -> b.append("  ").append(k).append(" = ").append(RunSummary.num(v)).append('\n'));
            if (r.best() != null) {
                b.append("  derived desc: ").append(r.best().toJson()).append('\n');
            }
            b.append("  epoch  loss      supernet  derived   alpha entropy\n");
            for (StageEpoch ep : r.epochs()) {
                b.append(String.format(java.util.Locale.ROOT, "  %5d  %-8s  %-8s  %-8s  %s%n", ep.epoch(), value(ep, "loss"),
                        value(ep, "supernet_accuracy"), value(ep, "accuracy"), value(ep, "alpha_entropy")));
            }
        }
        return b.toString();
    }

    private static String value(StageEpoch e, String key) {
        Double v = e.metrics().get(key);
        return v == null ? "-" : RunSummary.num(v);
    }

    private static void figure(StringBuilder b, String file, String caption) {
        b.append("<figure><img src=\"").append(ReportPage.esc(file)).append("\" alt=\"").append(ReportPage.esc(caption))
                .append("\"><figcaption>").append(ReportPage.esc(caption)).append("</figcaption></figure>\n");
    }

    private static String metricsChart(Location dir, String stage, List<StageEpoch> epochs) {
        XYSeries supernet = new XYSeries("supernet accuracy");
        XYSeries accuracy = new XYSeries("derived subnet accuracy");
        XYSeries entropy = new XYSeries("mean α entropy");
        for (StageEpoch e : epochs) {
            supernet.add(e.epoch(), e.metrics().getOrDefault("supernet_accuracy", Double.NaN));
            accuracy.add(e.epoch(), e.metrics().getOrDefault("accuracy", Double.NaN));
            entropy.add(e.epoch(), e.metrics().getOrDefault("alpha_entropy", Double.NaN));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(supernet);
        data.addSeries(accuracy);
        data.addSeries(entropy);
        String file = stage + "_epochs.png";
        Charts.draw(dir.resolve(file), lines("Stage " + stage + ": accuracy and α entropy per epoch", "epoch", "value", data));
        return file;
    }

    private static String choiceChart(Location dir, String stage, List<StageEpoch> epochs) {
        Map<String, String> finalChoice = new LinkedHashMap<>();
        ArchDesc last = epochs.get(epochs.size() - 1).desc();
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (AlphaRecord a : epochs.get(epochs.size() - 1).alphas()) {
            if (last != null && last.names().contains(a.mixedOp())) {
                finalChoice.put(a.mixedOp(), String.valueOf(last.value(a.mixedOp())));
            }
        }
        for (StageEpoch e : epochs) {
            for (AlphaRecord a : e.alphas()) {
                if (a.candidate().equals(finalChoice.get(a.mixedOp()))) {
                    series.computeIfAbsent(a.mixedOp(), k -> new XYSeries(k + " " + a.candidate())).add(e.epoch(), a.probability());
                }
            }
        }
        series.values().forEach(data::addSeries);
        String file = stage + "_choices.png";
        JFreeChart chart = lines("Stage " + stage + ": probability of each op's final choice", "epoch", "probability", data);
        chart.removeLegend();
        Charts.draw(dir.resolve(file), chart);
        return file;
    }

    private static String heatMap(Location dir, String stage, StageEpoch epoch) {
        List<String> ops = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (AlphaRecord a : epoch.alphas()) {
            if (!ops.contains(a.mixedOp())) {
                ops.add(a.mixedOp());
            }
            if (!candidates.contains(a.candidate())) {
                candidates.add(a.candidate());
            }
        }
        int n = epoch.alphas().size();
        double[][] xyz = new double[3][n];
        for (int i = 0; i < n; i++) {
            AlphaRecord a = epoch.alphas().get(i);
            xyz[0][i] = candidates.indexOf(a.candidate());
            xyz[1][i] = ops.indexOf(a.mixedOp());
            xyz[2][i] = a.probability();
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("probability", xyz);
        XYBlockRenderer r = new XYBlockRenderer();
        r.setPaintScale(new Shades());
        XYPlot plot = new XYPlot(data, new SymbolAxis("candidate", candidates.toArray(new String[0])),
                new SymbolAxis("mixed op", ops.toArray(new String[0])), r);
        JFreeChart chart = new JFreeChart("Stage " + stage + ": softmax(α) after epoch " + epoch.epoch(), plot);
        chart.removeLegend();
        Charts.style(chart);
        String file = stage + "_alpha.png";
        Charts.draw(dir.resolve(file), chart);
        return file;
    }

    private static JFreeChart lines(String title, String x, String y, XYSeriesCollection data) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesStroke(i, new BasicStroke(1.8f));
        }
        NumberAxis xAxis = new NumberAxis(x);
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, new XYPlot(data, xAxis, new NumberAxis(y), r), true);
        Charts.style(chart);
        return chart;
    }

    /** White at probability 0 to dark blue at 1. */
    private static final class Shades implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public java.awt.Paint getPaint(double v) {
            double t = Math.max(0, Math.min(1, Double.isNaN(v) ? 0 : v));
            return new Color((int) (255 - 230 * t), (int) (255 - 190 * t), (int) (255 - 95 * t));
        }
    }
}

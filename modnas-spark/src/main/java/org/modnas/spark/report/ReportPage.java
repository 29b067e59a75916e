package org.modnas.spark.report;

import java.time.Instant;
import java.util.List;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.spark.table.CandidateRow;

/**
 * The report's HTML: one self-contained page, viewable offline: inline CSS, relative
 * image links to the PNGs beside it, no scripts or web fonts. Shows the summary of {@code show},
 * the top candidates with their full arch, each chart (or why it has no data) and the first errors.
 */
final class ReportPage {
    /** Candidates listed in the page's table. */
    static final int TOP = 10;

    static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0 auto;
            max-width:1000px;padding:16px 24px;color:#222;background:#fff}
            h1{font-size:1.6em;margin:.4em 0}h2{font-size:1.2em;margin:1.6em 0 .5em;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;font-size:.9em;margin:.4em 0}
            th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
            td.arch{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}
            figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption,.note{color:#555;font-size:.9em}.nodata{color:#8a6d3b;background:#fcf8e3;padding:8px 12px;
            border:1px solid #faebcc}.OK{color:#2e7d32}.FAILED{color:#c62828}.TIMEOUT{color:#ef6c00}
            code{font-family:ui-monospace,Menlo,Consolas,monospace}
            """;

    private ReportPage() {
    }

    /** The page title for a run. */
    static String title(RunSummary s) {
        return "ModularNAS run " + (s.runId().isEmpty() ? "(unnamed)" : s.runId());
    }

    static String html(RunSummary s, List<CandidateRow> top, List<Charts.Chart> charts, Instant written) {
        StringBuilder b = new StringBuilder(16_384);
        String title = title(s);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n")
                .append("<p class=\"note\">Written ").append(esc(written.toString()))
                .append(" from the candidates table (<code>../candidates</code>).</p>\n");

        b.append("<h2 id=\"summary\">Summary</h2>\n<table>\n");
        row(b, "run id", s.runId());
        row(b, "optimizer", s.optimizer());
        row(b, "config hash", s.configHash());
        row(b, "candidates", s.total() + " (" + s.statusText() + ")");
        if (s.firstStart() != null && s.lastFinish() != null) {
            row(b, "time span", s.firstStart() + " .. " + s.lastFinish() + " (" + RunSummary.num(s.spanSeconds()) + " s)");
        }
        b.append("</table>\n");

        b.append("<h3>Counts by status</h3>\n<table>\n<tr><th>status</th><th>candidates</th></tr>\n");
        s.byStatus().forEach((status, n) -> b.append("<tr><td class=\"").append(esc(status)).append("\">").append(esc(status))
                .append("</td><td class=\"n\">").append(n).append("</td></tr>\n"));
        b.append("</table>\n");

        b.append("<h3>Time per candidate (seconds)</h3>\n<table>\n")
                .append("<tr><th></th><th>count</th><th>median</th><th>mean</th><th>max</th></tr>\n");
        stats(b, "train_seconds", s.trainSeconds());
        stats(b, "wall (finished &minus; started)", s.wallSeconds());
        b.append("</table>\n");

        b.append("<h3>Executors</h3>\n<table>\n<tr><th>executor_id</th><th>host</th><th>gpu</th><th>candidates</th>"
                + "<th>seconds</th></tr>\n");
        for (RunSummary.ExecutorUse e : s.executors()) {
            b.append("<tr><td>").append(esc(e.executorId())).append("</td><td>").append(esc(e.host())).append("</td><td>")
                    .append(esc(e.gpus().isEmpty() ? "-" : e.gpus())).append("</td><td class=\"n\">").append(e.candidates())
                    .append("</td><td class=\"n\">").append(esc(RunSummary.num(e.seconds()))).append("</td></tr>\n");
        }
        b.append("</table>\n");

        b.append("<h2 id=\"best\">Top candidates by score</h2>\n");
        if (top.isEmpty()) {
            b.append("<p class=\"nodata\">No data: no candidate has a score.</p>\n");
        } else {
            b.append("<table>\n<tr><th>#</th><th>candidate_id</th><th>seq</th><th>score</th><th>accuracy</th><th>params</th>"
                    + "<th>macs</th><th>latency_ms</th><th>train_seconds</th><th>arch</th></tr>\n");
            int i = 1;
            for (CandidateRow r : top) {
                b.append("<tr><td class=\"n\">").append(i++).append("</td><td><code title=\"").append(esc(r.candidateId()))
                        .append("\">").append(esc(RunSummary.shortId(r.candidateId()))).append("</code></td>");
                num(b, r.seq());
                num(b, r.score());
                num(b, r.accuracy());
                num(b, r.params());
                num(b, r.macs());
                num(b, r.latencyMs());
                num(b, r.trainSeconds());
                b.append("<td class=\"arch\">").append(esc(RunSummary.archText(r))).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }

        b.append("<h2 id=\"charts\">Charts</h2>\n");
        for (Charts.Chart c : charts) {
            b.append("<h3>").append(esc(c.title())).append("</h3>\n");
            if (c.drawn()) {
                b.append("<figure><img src=\"").append(esc(c.file())).append("\" alt=\"").append(esc(c.title()))
                        .append("\" width=\"").append(Charts.WIDTH).append("\">\n<figcaption>").append(esc(c.caption()))
                        .append("</figcaption></figure>\n");
            } else {
                b.append("<p class=\"nodata\">No data for this chart: ").append(esc(c.noData())).append(".</p>\n");
            }
        }

        int failures = s.byStatus().getOrDefault(CandidateStatus.FAILED.name(), 0) + s.byStatus().getOrDefault(CandidateStatus.TIMEOUT.name(), 0);
        if (failures > 0) {
            b.append("<h2 id=\"errors\">Errors</h2>\n<p class=\"note\">")
                    .append(failures > s.errors().size() ? "The first " + s.errors().size() + " of " + failures : "All " + failures)
                    .append(" failed or timed-out candidates, first line of each error.</p>\n<table>\n")
                    .append("<tr><th>seq</th><th>candidate_id</th><th>status</th><th>executor</th><th>error</th></tr>\n");
            for (CandidateRow r : s.errors()) {
                b.append("<tr><td class=\"n\">").append(r.seq()).append("</td><td><code>")
                        .append(esc(RunSummary.shortId(r.candidateId()))).append("</code></td><td class=\"")
                        .append(esc(r.status().name())).append("\">").append(esc(r.status().name())).append("</td><td>")
                        .append(esc(RunSummary.executorOf(r))).append("</td><td>").append(esc(RunSummary.firstLine(r.error(), 300)))
                        .append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value == null || value.isEmpty() ? "-" : value))
                .append("</td></tr>\n");
    }

    private static void stats(StringBuilder b, String name, RunSummary.Stats s) {
        b.append("<tr><th>").append(name).append("</th><td class=\"n\">").append(s.count()).append("</td>");
        for (double v : new double[] {s.median(), s.mean(), s.max()}) {
            b.append("<td class=\"n\">").append(esc(RunSummary.num(v))).append("</td>");
        }
        b.append("</tr>\n");
    }

    private static void num(StringBuilder b, Number n) {
        b.append("<td class=\"n\">").append(esc(RunSummary.num(n))).append("</td>");
    }

    /** HTML text and attribute escaping. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

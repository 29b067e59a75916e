package org.modnas.spark.report;

import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session a report command reads the table with: the session already running in this JVM
 * when there is one (a notebook, a test, the driver), else a quiet {@code local[1]} session without
 * UI that only this command uses and stops again.
 */
final class ReportSession implements AutoCloseable {
    private final SparkSession spark;
    private final boolean owned;

    private ReportSession(SparkSession spark, boolean owned) {
        this.spark = spark;
        this.owned = owned;
    }

    static ReportSession open() {
        quietLogging(); // first: touching SparkSession makes Spark install its own logging defaults
        SparkSession running = SparkSession.getActiveSession()
                .getOrElse(() -> SparkSession.getDefaultSession().getOrElse(() -> null));
        if (running != null && !running.sparkContext().isStopped()) {
            return new ReportSession(running, false);
        }
        SparkSession s = SparkSession.builder()
                .master("local[1]")
                .appName("modnas-report")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "1")
                .getOrCreate();
        s.sparkContext().setLogLevel("ERROR");
        return new ReportSession(s, true);
    }

    /**
     * Reading one small table: Spark's start-up chatter would drown the command's own output. Only
     * when log4j still runs on its built-in default (no configuration given), which is also when Spark
     * would install its own INFO-level defaults.
     */
    private static void quietLogging() {
        if (!(LogManager.getContext(false) instanceof LoggerContext ctx)
                || !(ctx.getConfiguration() instanceof DefaultConfiguration)) {
            return;
        }
        URL quiet = ReportSession.class.getResource("log4j2-quiet.properties");
        try {
            if (quiet != null) {
                Configurator.reconfigure(quiet.toURI());
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad log4j2 configuration location " + quiet, e);
        }
    }

    SparkSession spark() {
        return spark;
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }
}

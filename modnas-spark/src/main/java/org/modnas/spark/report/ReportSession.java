package org.modnas.spark.report;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
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
        SparkSession running = SparkSession.getActiveSession()
                .getOrElse(() -> SparkSession.getDefaultSession().getOrElse(() -> null));
        if (running != null && !running.sparkContext().isStopped()) {
            return new ReportSession(running, false);
        }
        // reading one small table: Spark's start-up chatter would drown the command's own output
        Configurator.setRootLevel(Level.ERROR);
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

package org.modnas.spark.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.store.Location;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.TableFiles;
import org.modnas.spark.table.ParquetAppender;

/**
 * Where a search keeps its trials: the rows of the candidates table (read back on resume, appended
 * as results arrive) and, under a multi-fidelity scheduler, each candidate's checkpoint at each rung
 * under {@code <run>/trials/<candidate_id>/rung-<k>.ckpt}, on the run's file system, so whichever executor
 * continues a candidate reads the checkpoint another wrote. A checkpoint is deleted only once the
 * table holds the row that makes it useless (the next rung's, or the one after which no rung can
 * continue from it), so a killed driver never loses a checkpoint it still needs.
 */
final class TrialStore implements AutoCloseable {
    /** The checkpoints' folder inside the run folder. */
    static final String TRIALS = "trials";

    private final SparkSession spark;
    private final RunFolder run;
    private final ParquetAppender table;
    /** Time the driver's thread spent in the run folder's file system. */
    private long storeNanos;
    /** Checkpoints to delete once every row appended so far is in the table. */
    private final List<Location> toDelete = new ArrayList<>();

    TrialStore(SparkSession spark, RunFolder run, SearchSettings settings) throws IOException {
        this.spark = spark;
        this.run = run;
        this.table = new ParquetAppender(run.candidates(), spark.sparkContext().hadoopConfiguration(),
                settings.flushRows(), settings.flushSeconds());
    }

    /**
     * Every (candidate, rung) row the table already holds, in seq then rung order, read straight from
     * its files (a Spark job would cost a resume of 100,000 rows half a minute); a file that cannot be
     * read is quarantined with a warning.
     */
    static List<CandidateRow> load(SparkSession spark, RunFolder run) {
        try {
            return TableFiles.readRungs(run.candidates(), spark.sparkContext().hadoopConfiguration(), System.err::println);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the candidates table at " + run.candidates() + ": " + e.getMessage(), e);
        }
    }

    void append(CandidateRow row) {
        table.append(row);
    }

    /** Writes due rows; call periodically. */
    void maybeFlush() {
        long t0 = System.nanoTime();
        table.maybeFlush();
        storeNanos += System.nanoTime() - t0;
    }

    /** Waits until every row appended so far is in the table, then deletes the checkpoints that waited for it. */
    void sync() throws IOException {
        long t0 = System.nanoTime();
        table.sync();
        deletePending();
        storeNanos += System.nanoTime() - t0;
    }

    /**
     * Where the run store's time went: the driver's thread waiting on it (flushes, syncs, checkpoint
     * deletions, and what {@code run} counted: snapshots and small files), and the table's writer in
     * the background.
     */
    String timing(int evaluated) {
        double driver = storeNanos / 1e9 + run.storeSeconds();
        return String.format(java.util.Locale.ROOT, "run store %.2f s on the driver's thread (%.1f ms per candidate evaluated), "
                + "%.2f s writing %d table files in the background", driver, evaluated == 0 ? 0 : driver * 1000 / evaluated,
                table.writeSeconds(), table.filesWritten());
    }

    /** The checkpoint file of {@code candidateId} at {@code rung}, as executors open it. */
    String checkpoint(String candidateId, int rung) {
        return run.path(TRIALS).resolve(candidateId).resolve("rung-" + rung + ".ckpt").absolute().toString();
    }

    /** Deletes the checkpoint of {@code candidateId} at {@code rung} once the table holds every row appended so far. */
    void deleteLater(String candidateId, int rung) {
        toDelete.add(Location.of(checkpoint(candidateId, rung)));
    }

    /** Deletes every checkpoint of {@code candidateId} once the table holds every row appended so far. */
    void deleteAllLater(String candidateId) {
        toDelete.add(run.path(TRIALS).resolve(candidateId));
    }

    /** Bytes the checkpoints take now. */
    long checkpointBytes() {
        try {
            return run.path(TRIALS).totalBytes();
        } catch (IOException e) {
            return -1;
        }
    }

    private void deletePending() {
        for (Location p : toDelete) {
            try {
                if (p.isFolder()) {
                    p.deleteAll();
                } else {
                    p.delete();
                    Location dir = p.parent();
                    if (dir.isFolder() && dir.list().isEmpty()) {
                        dir.delete();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the checkpoint " + p + ": " + e.getMessage(), e);
            }
        }
        toDelete.clear();
    }

    /** Writes what is buffered, waits for every file, and deletes the checkpoints that waited. */
    @Override
    public void close() throws IOException {
        long t0 = System.nanoTime();
        table.close();
        deletePending();
        storeNanos += System.nanoTime() - t0;
    }
}

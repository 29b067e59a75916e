package org.modnas.spark.driver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.modnas.core.run.RunDirectory;
import org.modnas.core.store.Location;

/**
 * The driver's view of a run's folder, a {@link RunDirectory} on any file system a {@link Location}
 * reaches: small files written whole, the candidates table as a Hadoop path for the Parquet writer,
 * and this session's log, {@code logs/search-<time>.log} ({@code search-<time>-<n>.log} for a second
 * session started within the same second).
 */
public final class RunFolder implements AutoCloseable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private final RunDirectory dir;
    private PrintWriter log;
    private long storeNanos;

    public RunFolder(RunDirectory dir) {
        this.dir = dir.create();
    }

    public RunDirectory directory() {
        return dir;
    }

    public Location root() {
        return dir.root();
    }

    /** The candidates table's folder for Hadoop's file system API. */
    public org.apache.hadoop.fs.Path candidates() {
        return new org.apache.hadoop.fs.Path(dir.candidatesDir().uri());
    }

    public Location path(String relative) {
        return dir.root().resolve(relative);
    }

    /** Writes a small text file whole. */
    public void write(String relative, String text) {
        long t0 = System.nanoTime();
        path(relative).write(text);
        storeNanos += System.nanoTime() - t0;
    }

    /** Reads a small text file, or null when absent. */
    public String read(String relative) throws IOException {
        long t0 = System.nanoTime();
        try {
            return path(relative).readStringIfExists();
        } finally {
            storeNanos += System.nanoTime() - t0;
        }
    }

    /** Seconds spent in {@link #write} and {@link #read} so far. */
    double storeSeconds() {
        return storeNanos / 1e9;
    }

    /** Appends a time-stamped line to this session's log. */
    public synchronized void log(String line) {
        try {
            if (log == null) {
                // a session within the same second as the last gets its own file: logs are never appended to
                String base = "search-" + STAMP.format(Instant.now());
                Location file = dir.logsDir().resolve(base + ".log");
                for (int i = 1; file.exists(); i++) {
                    file = dir.logsDir().resolve(base + "-" + i + ".log");
                }
                OutputStream out = file.create();
                log = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
            }
            log.println(Instant.now() + " " + line);
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run log under " + dir.root() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (log != null) {
            log.close();
            log = null;
        }
    }
}

package org.modnas.spark.driver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run's folder {@code <output>/<run_id>/} of SPEC §7 on any Hadoop file system: {@code config.conf},
 * {@code candidates/}, {@code optimizer/}, {@code outputs/} and {@code logs/}. Small files are written
 * under a hidden name and renamed into place; each driver session writes its own log file.
 */
public final class RunFolder implements AutoCloseable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private final Path root;
    private final FileSystem fs;
    private PrintWriter log;

    public RunFolder(String dir, Configuration hadoop) throws IOException {
        this.root = new Path(dir);
        this.fs = root.getFileSystem(hadoop);
        fs.mkdirs(root);
    }

    public Path root() {
        return root;
    }

    public Path candidates() {
        return new Path(root, "candidates");
    }

    public Path path(String relative) {
        return new Path(root, relative);
    }

    /** Writes a small text file atomically (hidden temporary, then rename). */
    public void write(String relative, String text) throws IOException {
        Path target = path(relative);
        fs.mkdirs(target.getParent());
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("could not rename " + tmp + " to " + target);
        }
        fs.delete(new Path(target.getParent(), "." + tmp.getName() + ".crc"), false);
    }

    /** Reads a small text file, or null when absent. */
    public String read(String relative) throws IOException {
        Path p = path(relative);
        if (!fs.exists(p)) {
            return null;
        }
        try (var in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Appends a time-stamped line to this session's log, {@code logs/search-<time>.log}. */
    public synchronized void log(String line) {
        try {
            if (log == null) {
                Path p = path("logs/search-" + STAMP.format(Instant.now()) + ".log");
                fs.mkdirs(p.getParent());
                FSDataOutputStream out = fs.create(p, true);
                log = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            }
            log.println(Instant.now() + " " + line);
            log.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the run log under " + root + ": " + e.getMessage(), e);
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

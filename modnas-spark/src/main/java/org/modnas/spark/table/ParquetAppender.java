package org.modnas.spark.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * Appends rows to the candidates table off the driver loop's critical path: rows are
 * buffered and written by one background thread as one Parquet file per batch, directly through
 * the Parquet writer (no Spark job, so no task slot is taken). Each file is written under a hidden
 * name and renamed into place, so a reader, or a killed driver, never sees half a file.
 */
public final class ParquetAppender implements AutoCloseable {
    private final Path folder;
    private final Configuration hadoop;
    private final int batchRows;
    private final long batchNanos;
    private final ExecutorService writer;
    private final List<CandidateRow> buffer = new ArrayList<>();
    private final List<Future<?>> pending = new ArrayList<>();
    private long firstBufferedAt;
    private final AtomicInteger filesWritten = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong writeNanos = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param folder    the table folder (created when missing)
     * @param batchRows rows per file at most before a flush
     * @param batchSeconds longest time a row waits in the buffer
     */
    public ParquetAppender(Path folder, Configuration hadoop, int batchRows, double batchSeconds) throws IOException {
        this.folder = folder;
        this.hadoop = hadoop;
        this.batchRows = Math.max(1, batchRows);
        this.batchNanos = (long) (batchSeconds * 1e9);
        folder.getFileSystem(hadoop).mkdirs(folder);
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "candidates-table-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Buffers a row; hands a batch to the writer when it is full or old enough. */
    public synchronized void append(CandidateRow row) {
        if (buffer.isEmpty()) {
            firstBufferedAt = System.nanoTime();
        }
        buffer.add(row);
        maybeFlush();
    }

    /** Flushes when the buffer is due; call periodically so a quiet search still writes its rows. */
    public synchronized void maybeFlush() {
        if (buffer.size() >= batchRows || (!buffer.isEmpty() && System.nanoTime() - firstBufferedAt >= batchNanos)) {
            flush();
        }
        rethrowFailures();
    }

    /** Hands every buffered row to the writer now. */
    public synchronized void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        List<CandidateRow> batch = List.copyOf(buffer);
        buffer.clear();
        pending.add(writer.submit(() -> {
            write(batch);
            return null;
        }));
    }

    /** Hands every buffered row to the writer and waits until every file so far is in place. */
    public void sync() throws IOException {
        List<Future<?>> waiting;
        synchronized (this) {
            flush();
            waiting = List.copyOf(pending);
        }
        for (Future<?> f : waiting) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                break; // reported by rethrowFailures below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing the candidates table", e);
            }
        }
        synchronized (this) {
            rethrowFailures();
        }
    }

    /** Writes what is buffered and waits until every file is in place. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            flush();
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new IOException("candidates table writer did not finish in 10 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the candidates table", e);
        }
        synchronized (this) {
            rethrowFailures();
        }
    }

    /** Files written so far. */
    public int filesWritten() {
        return filesWritten.get();
    }

    /** Seconds the writer spent writing files so far, in the background. */
    public double writeSeconds() {
        return writeNanos.get() / 1e9;
    }

    private void rethrowFailures() {
        pending.removeIf(f -> {
            if (!f.isDone()) {
                return false;
            }
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("writing the candidates table at " + folder + " failed: "
                        + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        });
    }

    private void write(List<CandidateRow> rows) throws IOException {
        long t0 = System.nanoTime();
        String name = String.format("part-%08d-%s.parquet", rows.get(0).seq(), UUID.randomUUID().toString().substring(0, 8));
        Path tmp = new Path(folder, "." + name + ".tmp");
        Path target = new Path(folder, name);
        SimpleGroupFactory groups = new SimpleGroupFactory(CandidatesSchema.PARQUET);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(tmp, hadoop))
                .withType(CandidatesSchema.PARQUET)
                .withConf(hadoop)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (CandidateRow r : rows) {
                w.write(CandidatesSchema.toGroup(groups, r));
            }
        }
        FileSystem fs = folder.getFileSystem(hadoop);
        if (!fs.rename(tmp, target)) {
            throw new IOException("could not rename " + tmp + " to " + target);
        }
        fs.delete(new Path(folder, "." + tmp.getName() + ".crc"), false);
        filesWritten.incrementAndGet();
        writeNanos.addAndGet(System.nanoTime() - t0);
    }
}

package org.modnas.spark.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * The candidates table's Parquet files read directly, without a Spark session: on any file system
 * Hadoop reaches, in an executor as well as on the driver, and fast enough to load a whole table
 * for a benchmark. Every file of the folder whose name ends in {@code .parquet}, in name order.
 */
public final class TableFiles {
    private TableFiles() {
    }

    /** The table's Parquet files, in name order; none when the folder does not exist. */
    public static List<Path> files(Path folder, Configuration hadoop) throws IOException {
        FileSystem fs = folder.getFileSystem(hadoop);
        if (!fs.exists(folder)) {
            return List.of();
        }
        return Arrays.stream(fs.listStatus(folder)).map(FileStatus::getPath)
                .filter(p -> p.getName().endsWith(".parquet") && !p.getName().startsWith("."))
                .sorted(Comparator.comparing(Path::getName)).toList();
    }

    /** The rows of one file. */
    public static List<CandidateRow> read(Path file, Configuration hadoop) throws IOException {
        List<CandidateRow> out = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(hadoop).build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                out.add(CandidatesSchema.fromGroup(g));
            }
        }
        return out;
    }

    /** A file that could not be read, moved aside: where it went and the rows its footer counted (-1: unknown). */
    public record Quarantined(Path file, Path movedTo, long rows, String reason) {
        /** The warning a reader prints, once. */
        public String warning() {
            return "warning: the table file " + file.getName() + " cannot be read (" + reason + "); moved to " + movedTo
                    + (rows >= 0 ? "; it held " + rows + " rows" : "") + ", whose candidates a resumed search evaluates again";
        }
    }

    /**
     * Reads every file of the table and moves each one that cannot be read into the run's
     * {@code quarantine} folder (beside the table's), so readers go on with the rest.
     *
     * @return the files moved aside, each with its warning
     */
    public static List<Quarantined> quarantineDamaged(Path folder, Configuration hadoop) throws IOException {
        List<Quarantined> out = new ArrayList<>();
        for (Path f : files(folder, hadoop)) {
            try {
                read(f, hadoop);
            } catch (IOException | RuntimeException e) {
                out.add(quarantine(folder, f, e, hadoop));
            }
        }
        return out;
    }

    /** Moves the unreadable file {@code f} of the table at {@code folder} into the run's quarantine folder. */
    private static Quarantined quarantine(Path folder, Path f, Exception e, Configuration hadoop) throws IOException {
        FileSystem fs = folder.getFileSystem(hadoop);
        long rows = -1;
        try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(f, hadoop))) {
            rows = r.getRecordCount();
        } catch (IOException | RuntimeException footer) {
            // the footer is gone too: the count is unknown
        }
        Path dir = new Path(folder.getParent(), "quarantine");
        fs.mkdirs(dir);
        Path to = new Path(dir, f.getName());
        if (!fs.rename(f, to)) {
            throw new IOException("cannot move the damaged table file " + f + " to " + to);
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return new Quarantined(f, to, rows, reason.length() > 200 ? reason.substring(0, 200) + "..." : reason);
    }

    /**
     * Every (candidate, rung) of the table once, read without Spark, as {@link CandidatesTable#readRungs}
     * gives it: a file that cannot be read is moved into the run's {@code quarantine} folder (its
     * warning handed to {@code warn}) and the rest is read, each file once.
     */
    public static List<CandidateRow> readRungs(Path folder, Configuration hadoop, java.util.function.Consumer<String> warn)
            throws IOException {
        List<CandidateRow> raw = new ArrayList<>();
        for (Path f : files(folder, hadoop)) {
            try {
                raw.addAll(read(f, hadoop));
            } catch (IOException | RuntimeException e) {
                warn.accept(quarantine(folder, f, e, hadoop).warning());
            }
        }
        return CandidatesTable.onePerRung(raw);
    }

    /** Every row of every file of the folder. */
    public static List<CandidateRow> readAll(Path folder, Configuration hadoop) throws IOException {
        List<CandidateRow> out = new ArrayList<>();
        for (Path f : files(folder, hadoop)) {
            out.addAll(read(f, hadoop));
        }
        return out;
    }
}

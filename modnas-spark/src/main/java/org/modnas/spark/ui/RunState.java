package org.modnas.spark.ui;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.run.RunLease;
import org.modnas.core.store.Location;
import org.modnas.spark.report.RunSummary;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.CandidatesTable;
import org.modnas.spark.table.TableFiles;

/**
 * What the dashboard knows of one run folder, read from its files and refreshed cheaply: the
 * table's rows (each Parquet file read once, new files as they appear), the resolved config, and
 * whether a driver holds the run's lease now (the run is running).
 */
final class RunState {
    private final String id;
    private final Location folder;
    private final Configuration hadoop = org.modnas.spark.store.HadoopFileStore.configuration();
    private final Map<String, List<CandidateRow>> filesRead = new HashMap<>();
    private final Map<String, Map<String, Object>> choices = new HashMap<>();
    private List<CandidateRow> rungs = List.of();
    private List<CandidateRow> finals = List.of();
    private Config config = ConfigFactory.empty();
    private long version;
    private RunSummary summary;
    private long summaryVersion = -1;

    RunState(String id, Location folder) {
        this.id = id;
        this.folder = folder;
    }

    String id() {
        return id;
    }

    Location folder() {
        return folder;
    }

    /** Reads the files that appeared since the last refresh; returns this. */
    synchronized RunState refresh() throws IOException {
        org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(folder.resolve(CandidatesTable.FOLDER).uri());
        FileSystem fs = table.getFileSystem(hadoop);
        boolean changed = false;
        List<String> present = new ArrayList<>();
        for (org.apache.hadoop.fs.Path f : TableFiles.files(table, hadoop)) {
            FileStatus s = fs.getFileStatus(f);
            String key = f.getName() + ":" + s.getLen() + ":" + s.getModificationTime();
            present.add(key);
            if (!filesRead.containsKey(key)) {
                try {
                    filesRead.put(key, TableFiles.read(f, hadoop));
                    changed = true;
                } catch (IOException | RuntimeException e) {
                    // a file being written or damaged: the search or a resume deals with it; show the rest
                }
            }
        }
        changed |= filesRead.keySet().retainAll(present);
        if (changed) {
            load();
        }
        Location conf = folder.resolve("config.conf");
        if (config.isEmpty() && conf.isFile()) {
            config = ConfigFactory.parseString(conf.readString());
        }
        return this;
    }

    /** Every (candidate, rung) once (a retried task's second row dropped, as the table's readers do), in seq then rung order. */
    private void load() {
        List<CandidateRow> all = new ArrayList<>();
        filesRead.values().forEach(all::addAll);
        rungs = CandidatesTable.onePerRung(all);
        Map<String, CandidateRow> last = new LinkedHashMap<>();
        for (CandidateRow r : rungs) {
            last.merge(r.candidateId(), r, (x, y) -> y.rung() > x.rung() ? y : x);
        }
        finals = last.values().stream().sorted(Comparator.comparingLong(CandidateRow::seq)).toList();
        version++;
    }

    /** Every (candidate, rung) row. */
    synchronized List<CandidateRow> rungRows() {
        return rungs;
    }

    /** Each candidate's final row, in seq order. */
    synchronized List<CandidateRow> finalRows() {
        return finals;
    }

    /** A row's choice per slot, parsed from its desc once per run. */
    synchronized Map<String, Object> choices(CandidateRow row) {
        return choices.computeIfAbsent(row.archDesc(), d -> ArchDesc.parseCanonical(d).asMap());
    }

    /** Grows with every change of the rows: pages poll it to redraw only when something arrived. */
    synchronized long version() {
        return version;
    }

    /** The resolved config the run was started with (empty before the search wrote it). */
    synchronized Config config() {
        return config;
    }

    /** Whether a driver holds the run's lease and renewed it within its limit. */
    boolean running() {
        Location lease = folder.resolve(RunLease.FILE);
        try {
            return lease.isFile() && System.currentTimeMillis() - lease.modifiedMillis() <= RunLease.STALE_SECONDS * 1000L;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The run's summary as {@code show} and the report compute it (counts by status, the best, the
     * first start and last finish), made once per change of the rows.
     */
    synchronized RunSummary summary() {
        if (summary == null || summaryVersion != version) {
            summary = RunSummary.of(finals, 1);
            summaryVersion = version;
        }
        return summary;
    }

    /** The best candidate, by the rule the report and the search's outputs use; null before any. */
    synchronized CandidateRow best() {
        List<CandidateRow> best = summary().best();
        return best.isEmpty() ? null : best.get(0);
    }
}

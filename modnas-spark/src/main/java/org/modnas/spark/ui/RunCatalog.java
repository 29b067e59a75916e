package org.modnas.spark.ui;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.modnas.core.store.Location;
import org.modnas.spark.table.CandidatesTable;

/**
 * The runs the dashboard serves: the folder it was given when that is a run folder, else every run
 * folder directly inside it, on any file system a {@link Location} reaches. A run is named by its folder's name, and only names found by listing
 * the folder are ever resolved, so no request can reach a path outside it.
 */
final class RunCatalog {
    private final Location root;
    private final Map<String, RunState> states = new ConcurrentHashMap<>();

    RunCatalog(Location root) {
        this.root = root.absolute();
    }

    Location root() {
        return root;
    }

    static boolean isRun(Location dir) throws IOException {
        return dir.resolve(CandidatesTable.FOLDER).isFolder() || dir.resolve("config.conf").isFile();
    }

    /** The runs now under the root, by name. */
    List<RunState> runs() throws IOException {
        List<Location> dirs = new ArrayList<>();
        if (isRun(root)) {
            dirs.add(root);
        } else {
            for (Location d : root.list()) {
                if (d.isFolder() && isRun(d)) {
                    dirs.add(d);
                }
            }
        }
        List<RunState> out = new ArrayList<>();
        for (Location d : dirs) {
            String id = d.name();
            out.add(states.computeIfAbsent(id, k -> new RunState(k, d)).refresh());
        }
        return out;
    }

    /** The run of that name, refreshed; null when there is none. */
    RunState run(String id) throws IOException {
        for (RunState r : runs()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }
}

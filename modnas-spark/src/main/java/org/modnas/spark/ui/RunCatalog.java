package org.modnas.spark.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.modnas.spark.table.CandidatesTable;

/**
 * The runs the dashboard serves: the folder it was given when that is a run folder, else every run
 * folder directly inside it. A run is named by its folder's name, and only names found by listing
 * the folder are ever resolved, so no request can reach a path outside it.
 */
final class RunCatalog {
    private final Path root;
    private final Map<String, RunState> states = new ConcurrentHashMap<>();

    RunCatalog(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    static boolean isRun(Path dir) {
        return Files.isDirectory(dir.resolve(CandidatesTable.FOLDER)) || Files.isRegularFile(dir.resolve("config.conf"));
    }

    /** The runs now under the root, by name. */
    List<RunState> runs() throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (isRun(root)) {
            dirs.add(root);
        } else if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(Files::isDirectory).filter(RunCatalog::isRun).sorted().forEach(dirs::add);
            }
        }
        List<RunState> out = new ArrayList<>();
        for (Path d : dirs) {
            String id = d.getFileName().toString();
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

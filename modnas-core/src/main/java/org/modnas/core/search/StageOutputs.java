package org.modnas.core.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.estim.StageResult;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.export.DescFiles;
import org.modnas.core.export.Exporter;
import org.modnas.core.run.RunDirectory;
import org.modnas.core.store.Location;

/**
 * The files a finished stage of an estimator chain writes: the supernet it trained
 * ({@code chkpt/model_<stage>.params}), its best desc through every exporter (to
 * {@code outputs/arch_<stage>_best.yaml}, or to {@code outputs/<stage>_<file>} for an exporter that
 * names its file) and
 * {@code outputs/<stage>_results.json} with its metrics. The results file is written last, so its
 * presence marks a finished stage: resuming a run reads the stage back instead of training again,
 * as long as the config it was trained with is the same.
 */
public final class StageOutputs {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StageOutputs() {
    }

    /**
     * Writes what stage {@code name} produced.
     *
     * @param configHash the search identity of the config it ran with
     */
    public static void write(RunDirectory run, String name, StageResult result, List<Exporter> exporters,
                             String configHash) {
        if (result.output() != null) {
            run.supernetFile(name).write(result.output().parameters());
        }
        if (result.best() != null) {
            for (Exporter e : exporters) {
                // an exporter's own file name belongs to the search's best desc: the stage's gets its name in front
                Location file = e.file() == null ? run.bestDescFile(name, "yaml") : run.outputsDir().resolve(name + "_" + e.file());
                DescFiles.write(file, e, result.best());
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("estimator", name);
        root.put("stage", true);
        root.put("config_hash", configHash);
        root.set("metrics", JSON.valueToTree(result.metrics()));
        if (result.best() != null) {
            root.set("best_arch_desc", JSON.valueToTree(result.best().asMap()));
            root.put("best_arch_desc_canonical", result.best().toJson());
        } else {
            root.putNull("best_arch_desc");
        }
        if (!result.epochs().isEmpty()) {
            root.set("epochs", StageEpoch.toJson(result.epochs()));
        }
        if (result.output() != null) {
            root.put("supernet", run.checkpointsDir().name() + "/" + run.supernetFile(name).name());
            root.put("supernet_bytes", result.output().size());
        }
        try {
            run.resultsFile(name).write(JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results of stage " + name + ": " + e.getMessage(), e);
        }
    }

    /** What {@link #read} found. */
    public enum Found { NONE, OTHER_CONFIG, FINISHED }

    /**
     * Whether stage {@code name} finished in an earlier session of this run: {@code NONE} without a
     * results file (or with one promising a supernet that is missing), {@code OTHER_CONFIG} when it
     * ran with another config than {@code configHash}.
     */
    public static Found find(RunDirectory run, String name, String configHash) {
        Location results = run.resultsFile(name);
        try {
            if (!results.isFile()) {
                return Found.NONE;
            }
            JsonNode root = JSON.readTree(results.readBytes());
            if (!root.path("stage").asBoolean(false)) {
                return Found.NONE;
            }
            if (!configHash.equals(root.path("config_hash").asText())) {
                return Found.OTHER_CONFIG;
            }
            Location file = run.supernetFile(name);
            if (root.hasNonNull("supernet")
                    && (!file.isFile() || file.length() != root.path("supernet_bytes").asLong(-1))) {
                return Found.NONE;
            }
            return Found.FINISHED;
        } catch (IOException e) {
            throw unreadable(run, name, e);
        }
    }

    /** Stage {@code name} as an earlier session finished it; call when {@link #find} says {@code FINISHED}. */
    public static StageResult read(RunDirectory run, String name) {
        Location results = run.resultsFile(name);
        try {
            JsonNode root = JSON.readTree(results.readBytes());
            Map<String, Double> metrics = new LinkedHashMap<>();
            root.path("metrics").fields().forEachRemaining(f -> metrics.put(f.getKey(), f.getValue().asDouble()));
            ArchDesc best = root.hasNonNull("best_arch_desc_canonical")
                    ? ArchDesc.parseCanonical(root.get("best_arch_desc_canonical").asText()) : null;
            SupernetWeights weights = root.hasNonNull("supernet")
                    ? new SupernetWeights(name, run.supernetFile(name).readBytes()) : null;
            return new StageResult(metrics, best, weights, StageEpoch.fromJson(root.get("epochs")));
        } catch (IOException | RuntimeException e) {
            throw unreadable(run, name, e);
        }
    }

    private static IllegalStateException unreadable(RunDirectory run, String name, Exception e) {
        return new IllegalStateException("cannot read the finished stage " + name + " of run " + run.root() + " from "
                + run.resultsFile(name) + ": " + e.getMessage() + "; delete that file to train the stage again", e);
    }
}

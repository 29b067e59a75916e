package org.modnas.core.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.export.DescFiles;
import org.modnas.core.export.Exporter;
import org.modnas.core.objective.ParetoFront;
import org.modnas.core.run.RunDirectory;
import org.modnas.core.store.Location;

/**
 * The files a finished estimator writes: its best arch desc through every configured
 * exporter ({@code outputs/arch_<estimator>_best.<ext>} unless an exporter names its file) and
 * {@code outputs/<estimator>_results.json} with every candidate, the best desc and score, and the
 * Pareto front of accuracy against params and MACs. Written atomically.
 */
public final class SearchOutputs {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SearchOutputs() {
    }

    /** The best OK candidate by score (earliest on ties), if any. */
    public static Optional<CandidateRecord> best(List<CandidateRecord> records) {
        return records.stream().filter(r -> BestCandidate.eligible(r.result().ok(), r.score()))
                .min(BestCandidate.bestFirst(CandidateRecord::score, CandidateRecord::seq));
    }

    /** The best desc's file each exporter writes. */
    private static Location descFile(RunDirectory run, String estimator, Exporter e) {
        return e.file() == null ? run.bestDescFile(estimator, "yaml") : run.outputsDir().resolve(e.file());
    }

    /**
     * Whether the results file and every exporter's file were written after {@code sinceMillis} (the
     * table's last change), so writing them again would write the same.
     */
    public static boolean upToDate(RunDirectory run, String estimator, List<Exporter> exporters, long sinceMillis) {
        try {
            Location results = run.resultsFile(estimator);
            if (!results.isFile() || results.modifiedMillis() < sinceMillis) {
                return false;
            }
            for (Exporter e : exporters) {
                if (!descFile(run, estimator, e).isFile()) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Writes the best desc and the results file; returns the desc files written. */
    public static List<Location> write(RunDirectory run, String estimator, List<CandidateRecord> records, List<Exporter> exporters) {
        List<Location> written = new ArrayList<>();
        Optional<CandidateRecord> best = best(records);
        if (best.isPresent()) {
            ArchDesc desc = best.get().result().desc();
            for (Exporter e : exporters) {
                Location file = descFile(run, estimator, e);
                DescFiles.write(file, e, desc);
                written.add(file);
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("estimator", estimator);
        root.put("candidates", records.size());
        root.put("ok", records.stream().filter(r -> r.result().ok()).count());
        if (best.isPresent()) {
            root.set("best_arch_desc", JSON.valueToTree(best.get().result().desc().asMap()));
            root.put("best_candidate_id", best.get().result().desc().hash());
            root.put("best_score", best.get().score());
        } else {
            root.putNull("best_arch_desc");
            root.putNull("best_score");
        }
        List<CandidateRecord> ok = records.stream().filter(r -> r.result().ok()).toList();
        List<Map<String, Double>> rows = ok.stream().map(r -> r.result().metrics()).toList();
        ArrayNode front = root.putArray("pareto_front");
        for (int i : ParetoFront.indices(rows, List.of(ParetoFront.Criterion.max("accuracy"),
                ParetoFront.Criterion.min("params"), ParetoFront.Criterion.min("macs")))) {
            front.add(ok.get(i).result().desc().hash());
        }
        ArrayNode all = root.putArray("results");
        for (CandidateRecord r : records) {
            ObjectNode n = all.addObject();
            n.put("seq", r.seq());
            n.put("candidate_id", r.result().desc().hash());
            n.put("generation", r.generation());
            n.put("status", r.result().status().name());
            if (Double.isNaN(r.score())) {
                n.putNull("score");
            } else {
                n.put("score", r.score());
            }
            n.set("metrics", JSON.valueToTree(r.result().metrics()));
            n.set("arch_desc", JSON.valueToTree(r.result().desc().asMap()));
            n.put("seed", r.seed());
            if (r.result().error() != null) {
                n.put("error", r.result().error());
            }
        }
        try {
            run.resultsFile(estimator).write(JSON.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render results", e);
        }
        return written;
    }
}

package org.modnas.models.estim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.estim.Estimator;
import org.modnas.core.export.DescFiles;
import org.modnas.core.export.Exporter;
import org.modnas.core.objective.Objective;
import org.modnas.core.optim.DiscreteOptimizer;
import org.modnas.core.optim.Optimizer;
import org.modnas.core.registry.Registry;
import org.modnas.core.run.RunDirectory;
import org.modnas.core.search.Budget;
import org.modnas.core.search.CandidateRecord;
import org.modnas.core.search.LocalSearch;
import org.modnas.core.search.SearchOutputs;
import org.modnas.models.cli.TrainCommand;
import org.modnas.models.space.Spaces;

/** A search in one process, end to end: optimizer, SubNet estimator, outputs, then retraining the best desc. */
class LocalSearchTest {
    @TempDir
    Path dir;

    @Test
    void searchesWritesTheBestDescAndRetrainsIt() throws Exception {
        String conf = EstimatorFixtures.SPACE + """
                data { dataset { type = Synthetic, size = 28, n_train = 256, n_test = 64 }, batch_size = 32 }
                search {
                  optim { type = RegularizedEvolution, population_size = 3, sample_size = 2 }
                  estim { search { type = SubNetEstimator, subnet_epochs = 1, train_steps = 2, valid_batches = 1, measure_latency = false } }
                  budget { candidates = 5 }
                }
                trainer { epochs = 1, max_steps = 2 }
                output.dir = "%s"
                run.id = local
                """.formatted(dir);
        Path confFile = dir.resolve("search.conf");
        Files.writeString(confFile, conf);
        Config root = EstimatorFixtures.config("include file(\"" + confFile + "\")");
        Registry reg = Registry.global();
        ArchSpace space = Spaces.build(root.getConfig("search_space"), reg, 1).archSpace();
        DiscreteOptimizer optim = (DiscreteOptimizer) reg.build(Optimizer.KIND, root.getConfig("search.optim"), Map.of(ArchSpace.class, space));
        Objective objective = reg.build(Objective.KIND, root.getConfig("search.objective"), Map.of());
        List<CandidateRecord> seen = new ArrayList<>();
        List<CandidateRecord> records;
        try (CandidateEstimator estim = (CandidateEstimator) reg.build(Estimator.KIND, root.getConfig("search.estim.search"),
                Map.of(Config.class, root))) {
            records = new LocalSearch(optim, estim, objective, Budget.from(root.getConfig("search.budget")), 1, 0, 1).run(seen::add);
        }
        assertEquals(5, records.size());
        assertEquals(records, seen);
        assertEquals(5, records.stream().map(r -> r.result().desc()).distinct().count(), "no candidate twice");
        assertTrue(records.stream().allMatch(r -> r.result().status() == CandidateStatus.OK));

        RunDirectory run = RunDirectory.of(dir, "local").create();
        Exporter exporter = reg.build(Exporter.KIND, root.getConfig("search.export.default"), Map.of());
        List<org.modnas.core.store.Location> files = SearchOutputs.write(run, "search", records, List.of(exporter));
        assertEquals(List.of(run.bestDescFile("search", "yaml")), files);
        ArchDesc best = SearchOutputs.best(records).orElseThrow().result().desc();
        assertEquals(best, DescFiles.read(files.get(0), space));
        JsonNode results = new ObjectMapper().readTree(run.resultsFile("search").path().toFile());
        assertEquals(5, results.get("results").size());
        assertEquals(best.hash(), results.get("best_candidate_id").asText());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = TrainCommand.run(List.of(confFile.toString(), "--arch", files.get(0).toString(), "run.id=retrain"),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, rc, out.toString(StandardCharsets.UTF_8));
        Path retrain = dir.resolve("retrain");
        assertTrue(Files.size(retrain.resolve("outputs/model_train.params")) > 1000);
        JsonNode trained = new ObjectMapper().readTree(retrain.resolve("outputs/train_results.json").toFile());
        assertEquals(new ObjectMapper().valueToTree(best.values()), trained.get("arch_desc"));
        assertTrue(trained.get("metrics").has("test_accuracy"));
    }
}

package org.modnas.spark.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.spark.SparkSessionExtension;

/**
 * A distributed search whose estimator chain starts with a supernet warm-up: the warm-up runs once
 * as a Spark task, its supernet is broadcast, every candidate task selects on it, and a resumed run
 * reuses the finished warm-up.
 */
@ExtendWith(SparkSessionExtension.class)
class SupernetSearchTest {
    private static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    private static Config config(int candidates) {
        return ConfigFactory.parseString("""
                search_space {
                  model { type = CIFAR_MobileNetV2, chn_in = 1, n_classes = 10, width_coeff = 0.25, depth_coeff = 0.34 }
                  construct.mixed_op { type = DefaultMixedOpConstructor, mixed_op = Index, primitives = [MB3E3, MB3E6, MB5E3] }
                }
                data { dataset { type = Synthetic, size = 28, n_train = 192, n_test = 32 }, batch_size = 32 }
                trainer { lr = 0.05, threads = 1 }
                search {
                  optim { type = RandomSearchOptim }
                  export.params { type = DefaultParamsExporter, file = "best_params.json" }
                  estim {
                    warmup { type = SuperNetEstimator, train_steps = 3, num_bn_batch = 1, valid_subnets = 1, valid_batches = 1 }
                    search { type = SubNetEstimator, subnet_epochs = 0, num_bn_batch = 2, valid_batches = 1, measure_latency = false }
                  }
                }
                spark.progress = false
                run.id = warm
                """ + "search.budget.candidates = " + candidates + "\noutput.dir = \"" + tmp + "\"\n");
    }

    /** Runs a search and returns the descriptions of the Spark jobs it started and what it printed. */
    private static List<String> search(int candidates, ByteArrayOutputStream printed, SearchSummary[] summary) {
        List<String> jobs = Collections.synchronizedList(new ArrayList<>());
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.add(String.valueOf(start.properties().getProperty("spark.job.description")));
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            summary[0] = SparkSearch.search(spark, config(candidates), new PrintStream(printed, true, StandardCharsets.UTF_8));
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        return jobs;
    }

    @Test
    void theWarmupRunsOnceAsATaskAndEveryCandidateSelectsOnItsSupernet() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SearchSummary[] s = new SearchSummary[1];
        List<String> jobs = search(4, printed, s);
        String out = printed.toString(StandardCharsets.UTF_8);
        assertEquals(1, jobs.stream().filter("modnas warm: stage warmup"::equals).count(), jobs.toString());
        assertTrue(out.contains("stage warmup (SuperNetEstimator) is running as one Spark task"), out);
        assertTrue(out.contains("stage warmup finished on executor driver"), out);
        assertEquals(4, s[0].total());
        List<Row> rows = SparkSearch.table(spark, s[0].runDir()).collectAsList();
        assertEquals(4, rows.size());
        for (Row r : rows) {
            assertEquals("OK", r.getAs("status"), String.valueOf(r.<String>getAs("error")));
        }
        Path run = Path.of(s[0].runDir());
        long size = Files.size(run.resolve("chkpt/model_warmup.params"));
        JsonNode results = new ObjectMapper().readTree(run.resolve("outputs/warmup_results.json").toFile());
        assertEquals(size, results.get("supernet_bytes").asLong());
        assertEquals(3, results.get("metrics").get("steps").asInt());
        assertTrue(Files.isRegularFile(run.resolve("outputs/arch_warmup_best.yaml")));
        assertTrue(Files.isRegularFile(run.resolve("outputs/arch_search_best.yaml")));
        assertTrue(Files.isRegularFile(run.resolve("outputs/warmup_best_params.json")), "the stage's own copy");
        assertTrue(Files.isRegularFile(run.resolve("outputs/best_params.json")), "the search's");

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        jobs = search(6, again, s);
        out = again.toString(StandardCharsets.UTF_8);
        assertFalse(jobs.stream().anyMatch(j -> j.contains("stage warmup")), jobs.toString());
        assertTrue(out.contains("stage warmup finished in an earlier session; reusing"), out);
        assertEquals(6, s[0].total());
        assertEquals(2, s[0].evaluatedHere());
        assertEquals(size, Files.size(run.resolve("chkpt/model_warmup.params")));
    }
}

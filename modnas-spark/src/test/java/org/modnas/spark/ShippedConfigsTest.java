package org.modnas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.models.cli.TrainCommand;
import org.modnas.spark.cli.SearchCommand;

/** Every config the project ships loads and validates, and each one whose components exist runs in a shortened form. */
class ShippedConfigsTest {
    private static final Path CONF = Path.of("..", "conf");
    /** Small enough to finish in seconds, large enough to train, validate and export. */
    private static final List<String> TINY_DATA = List.of("data.limit_train=256", "data.limit_valid=64", "data.limit_test=64",
            "data.batch_size=32", "trainer.max_steps=2", "trainer.threads=1");

    @TempDir
    Path out;

    private static List<Path> configs(String glob) throws IOException {
        try (Stream<Path> s = Files.list(CONF)) {
            return s.filter(p -> p.getFileName().toString().matches(glob)).sorted().toList();
        }
    }

    @Test
    void everyShippedConfigLoadsAndValidates() throws IOException {
        List<Path> all = new ArrayList<>(configs(".*\\.conf"));
        all.add(CONF.resolve("vega/mbv2.yml"));
        assertTrue(all.size() >= 9, all.toString());
        for (Path p : all) {
            LoadedConfig c = new ConfigLoader().loadAny(p, List.of());
            assertFalse(c.render().isBlank(), p.toString());
        }
    }

    private int search(Path conf, List<String> extra, ByteArrayOutputStream stdout) {
        List<String> args = new ArrayList<>();
        args.add(conf.toString());
        args.addAll(TINY_DATA);
        args.addAll(List.of("search.budget.candidates=2", "search.estim.search.train_steps=2",
                "search.estim.search.valid_batches=1", "search.estim.search.measure_latency=false",
                "spark.master=local[2]", "spark.progress=false", "output.dir=" + out));
        args.addAll(extra);
        return SearchCommand.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);
    }

    @Test
    void everySearchConfigRunsShortened() throws IOException {
        List<Path> searches = new ArrayList<>(configs("search-.*\\.conf"));
        searches.add(CONF.resolve("quickstart.conf"));
        assertEquals(9, searches.size(), searches.toString());
        for (Path conf : searches) {
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            // the early-stopping searches: rungs of 1, 2 and 4 steps instead of 30 to 810
            boolean rungs = Files.readString(conf).contains("search.scheduler");
            int rc = search(conf, rungs ? List.of("search.scheduler.min_resource=1", "search.scheduler.max_resource=4",
                    "search.scheduler.reduction_factor=2") : List.of(), stdout);
            String text = stdout.toString(StandardCharsets.UTF_8);
            assertEquals(0, rc, conf + ": " + text);
            assertTrue(text.contains(": 2 candidates"), conf + ": " + text);
        }
    }

    @Test
    void theTrainingConfigsRunShortened() {
        for (String conf : List.of("fashion.conf", "mbv2.conf")) {
            List<String> args = new ArrayList<>(List.of(CONF.resolve(conf).toString()));
            args.addAll(TINY_DATA);
            args.add("output.dir=" + out);
            if (conf.equals("mbv2.conf")) {
                // CIFAR-10 is not bundled: the same network on synthetic 3x32x32 images
                args.addAll(List.of("data.dataset={type=Synthetic, channels=3, size=32, n_train=256, n_test=64}"));
            }
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            int rc = TrainCommand.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);
            assertEquals(0, rc, conf + ": " + stdout.toString(StandardCharsets.UTF_8));
            assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("test_accuracy="), conf);
        }
    }

    /**
     * The gradient searches (DARTS, ProxylessNAS), shipped as HOCON and as the original's YAML, run
     * shortened through the command line as one stage each: two epochs of three steps with an arch
     * step every step, on 96 images and a narrow network. Each leaves the search's desc and results, the α table
     * (readable by plain Spark: one row per epoch, mixed op and candidate) and the report.
     */
    @Test
    void theGradientSearchConfigsRunShortened() throws IOException {
        List<String> gradient = List.of("darts.conf", "proxyless.conf", "vega/darts.yml", "vega/pxl.yml");
        for (String name : gradient) {
            List<String> args = new ArrayList<>(List.of(CONF.resolve(name).toString()));
            args.addAll(TINY_DATA);
            if (name.startsWith("vega/")) {
                // CIFAR-10 is not bundled: synthetic 3x32x32 images, and a narrower, shallower GPU variant
                args.addAll(List.of("data.dataset=null", "data.dataset={type=Synthetic, channels=3, size=32, n_train=256, "
                        + "n_test=64, classes=10, noise=0.3, seed=0}", "search_space.model.width_coeff=0.25",
                        "search_space.model.depth_coeff=0.25"));
            }
            args.addAll(List.of("data.limit_train=96", "trainer.max_steps=0", "search.estim.search.epochs=2", "search.estim.search.train_steps=0",
                    "search.estim.search.arch_update_epoch_start=0", "search.estim.search.arch_update_intv=1",
                    "search.estim.search.valid_batches=1", "search.estim.search.num_bn_batch=1",
                    "spark.master=local[2]", "spark.progress=false", "output.dir=" + out));
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            int rc = SearchCommand.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);
            String text = stdout.toString(StandardCharsets.UTF_8);
            assertEquals(0, rc, name + ": " + text);
            assertTrue(text.contains("stage search finished"), name + ": " + text);
            String alphas = text.lines().filter(l -> l.startsWith("alpha history: ")).findFirst().orElseThrow()
                    .substring("alpha history: ".length());
            Path run = Path.of(alphas).getParent();
            for (String f : List.of("outputs/arch_search_best.yaml", "outputs/search_results.json", "chkpt/model_search.params",
                    "report/index.html", "report/search_alpha.png")) {
                assertTrue(Files.size(run.resolve(f)) > 0, name + ": " + f);
            }
            assertFalse(Files.exists(run.resolve("chkpt/search.resume")), "the resume file goes once the stage is written");
            ByteArrayOutputStream shown = new ByteArrayOutputStream();
            assertEquals(0, org.modnas.spark.report.ShowCommand.run(List.of(run.toString()),
                    new PrintStream(shown, true, StandardCharsets.UTF_8), System.err));
            assertTrue(shown.toString(StandardCharsets.UTF_8).contains("stage search: 2 epochs"), shown.toString(StandardCharsets.UTF_8));
            org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder().master("local[1]")
                    .config("spark.ui.enabled", "false").getOrCreate();
            try {
                org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> t = spark.read().parquet(alphas);
                long ops = t.select("mixed_op").distinct().count();
                long candidates = t.filter("epoch = 1").count();
                assertEquals(2 * candidates, t.count(), name + ": two epochs");
                assertTrue(ops > 1 && candidates >= 5 * ops, name + ": " + ops + " ops, " + candidates + " alphas");
                assertEquals(ops, t.filter("epoch = 2").groupBy("mixed_op").sum("probability").filter("abs(`sum(probability)` - 1) < 1e-4")
                        .count(), name + ": each op's probabilities sum to 1");
                assertEquals(List.of("search"), t.select("stage").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
            } finally {
                spark.stop();
            }
        }
    }

    /**
     * Once-for-All, as HOCON and as the original's YAML, shortened through the command line: a
     * teacher of two steps, progressive shrinking of two steps per stage, three candidates selected
     * on the trained supernet; then the best subnet retrained from the supernet's weights.
     */
    @Test
    void theOnceForAllConfigsRunShortened() throws IOException {
        for (String name : List.of("ofa.conf", "vega/ps.yml")) {
            List<String> args = new ArrayList<>(List.of(CONF.resolve(name).toString()));
            args.addAll(TINY_DATA);
            if (name.startsWith("vega/")) {
                args.addAll(List.of("data.dataset=null", "data.dataset={type=Synthetic, channels=3, size=32, n_train=256, "
                        + "n_test=64, classes=10, noise=0.3, seed=0}", "search_space.model.width_coeff=0.25",
                        "search_space.model.depth_coeff=0.5"));
            }
            args.addAll(List.of("search.estim.teacher.valid_batches=1", "search.estim.ps.train_steps=2",
                    "search.estim.ps.num_bn_batch=1", "search.estim.ps.valid_batches=1", "search.estim.search.num_bn_batch=1",
                    "search.estim.search.valid_batches=1", "search.estim.search.measure_latency=false",
                    "search.budget.candidates=3", "spark.master=local[2]", "spark.progress=false", "output.dir=" + out));
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            int rc = SearchCommand.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);
            String text = stdout.toString(StandardCharsets.UTF_8);
            assertEquals(0, rc, name + ": " + text);
            assertTrue(text.contains(": 3 candidates"), name + ": " + text);
            Path run;
            try (Stream<Path> runs = Files.list(out)) {
                run = runs.filter(p -> Files.isRegularFile(p.resolve("chkpt/model_ps.params")))
                        .max(java.util.Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow();
            }
            String best = Files.readString(run.resolve("outputs/arch_search_best.yaml"));
            assertTrue(best.startsWith("- null") || best.startsWith("[null"), name + ": the elastic layout " + best);
            if (name.equals("ofa.conf")) {
                List<String> train = new ArrayList<>(List.of(CONF.resolve(name).toString(), "--arch",
                        run.resolve("outputs/arch_search_best.yaml").toString(), "--from-supernet",
                        run.resolve("chkpt/model_ps.params").toString()));
                train.addAll(TINY_DATA);
                train.add("output.dir=" + out.resolve("retrain"));
                ByteArrayOutputStream trained = new ByteArrayOutputStream();
                assertEquals(0, TrainCommand.run(train, new PrintStream(trained, true, StandardCharsets.UTF_8), System.err),
                        trained.toString(StandardCharsets.UTF_8));
                assertTrue(trained.toString(StandardCharsets.UTF_8).contains("starting from the weights of the subnet"));
            }
        }
    }
}

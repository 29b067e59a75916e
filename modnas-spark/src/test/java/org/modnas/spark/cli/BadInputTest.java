package org.modnas.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code modnas search} is refused before Spark starts: exit status 2, one message
 * naming the key or file (and line), no exception class names or stack trace, and no run folder.
 */
class BadInputTest {
    @TempDir
    Path tmp;

    private String err = "";

    /** A search that would run in a second: two synthetic params, a no-op estimator. */
    private Path config(String extra) throws IOException {
        return Files.writeString(tmp.resolve("bad.conf"), "search_space.params { a = [x, y], b = [p, q] }\n"
                + "search.optim.type = ShuffleTestOptim\nsearch.estim.search.type = NoOpEstimator\n"
                + "output.dir = \"" + tmp.resolve("runs") + "\"\nspark.master = \"local[2]\"\n" + extra);
    }

    /** Runs the search command and checks what every refusal shares; returns standard error. */
    private String refused(Path conf, String... overrides) {
        List<String> args = new ArrayList<>();
        args.add(conf.toString());
        args.addAll(List.of(overrides));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int exit = SearchCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        err = errBytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, err);
        assertTrue(err.startsWith("config error: "), err);
        assertFalse(err.matches("(?s).*\\b(java|scala|org\\.apache|com\\.typesafe)\\.[a-z.]+\\.[A-Z]\\w*(Exception|Error).*"),
                "names an exception class: " + err);
        assertFalse(err.contains("\tat "), "prints a stack trace: " + err);
        assertFalse(Files.exists(tmp.resolve("runs")), "a run folder was created");
        return err;
    }

    private void assertSays(String expected) {
        assertTrue(err.contains(expected), "expected\n  " + expected + "\nin\n  " + err);
    }

    @Test
    void dataSettingsOutOfRangeAreRefusedNamingFileLineAndKey() throws IOException {
        Path conf = config("data.batch_size = 0\ndata.train_portion = 1.5\ndata.limit_valid = -1\n");
        refused(conf);
        assertSays(conf + ":6: data.batch_size must be >= 1, got 0");
        assertSays(conf + ":7: data.train_portion must be in (0, 1], got 1.5");
        assertSays(conf + ":8: data.limit_valid must be >= 0, got -1");
        refused(config(""), "data.train_portion=0");
        assertSays("command line: 'data.train_portion=0': data.train_portion must be in (0, 1], got 0");
    }

    @Test
    void trainerSearchAndSparkSettingsOutOfRangeAreRefused() throws IOException {
        refused(config("search.optim { type = RegularizedEvolutionOptim, population_size = 0 }\n"
                + "search.estim.search { type = SubNetEstimator, train_steps = -5 }\n"), "trainer.lr=0", "trainer.threads=-1",
                "spark.candidate_timeout_s=-1", "search.budget.max_failures=-2");
        assertSays("search.optim.population_size must be >= 1, got 0");
        assertSays("search.estim.search.train_steps must be >= 0, got -5");
        assertSays("trainer.lr must be > 0, got 0");
        assertSays("trainer.threads must be >= 0, got -1");
        assertSays("spark.candidate_timeout_s must be >= 0, got -1");
        assertSays("search.budget.max_failures must be >= 0, got -2");
        refused(config("trainer.device = tpu\n"));
        assertSays(":6: trainer.device must be one of auto, cpu, gpu, got 'tpu'");
    }

    @Test
    void aMissingDataFolderIsRefusedWithoutFetching() throws IOException {
        Path none = tmp.resolve("no-data");
        refused(config("search.estim.search.type = SubNetEstimator\n"
                + "data.dataset { type = FashionMNIST, root = \"" + none + "\", fetch = false }\n"));
        assertSays("search.estim.search (SubNetEstimator): FashionMNIST: " + none.resolve("train-images-idx3-ubyte.gz")
                + " not found (no folder " + none + ")");
    }

    @Test
    void anIdxFileWithTheWrongMagicOrCountsIsRefusedNamingIt() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        idx(data.resolve("train-images-idx3-ubyte.gz"), 2051, 4, 28 * 28 * 4, true);
        idx(data.resolve("train-labels-idx1-ubyte.gz"), 2049, 4, 4, false);
        idx(data.resolve("t10k-images-idx3-ubyte.gz"), 2049, 2, 28 * 28 * 2, true); // labels magic in an images file
        idx(data.resolve("t10k-labels-idx1-ubyte.gz"), 2049, 2, 2, false);
        Path conf = config("search.estim.search.type = SubNetEstimator\n"
                + "data.dataset { type = FashionMNIST, root = \"" + data + "\", fetch = false }\n");
        refused(conf);
        assertSays(data.resolve("t10k-images-idx3-ubyte.gz") + ": wrong magic number 2049, an IDX images file has 2051");
        idx(data.resolve("t10k-images-idx3-ubyte.gz"), 2051, 3, 28 * 28 * 3, true); // 3 images, 2 labels
        refused(conf);
        assertSays(data.resolve("t10k-labels-idx1-ubyte.gz") + ": has 2 labels but "
                + data.resolve("t10k-images-idx3-ubyte.gz") + " has 3 images");
    }

    private static void idx(Path file, int magic, int count, int payload, boolean images) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((images ? 16 : 8) + payload);
        b.putInt(magic).putInt(count);
        if (images) {
            b.putInt(28).putInt(28);
        }
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write(b.array());
        }
    }

    /** A supernet of gradient mixed ops searched with a discrete optimizer: refused before any training. */
    @Test
    void aGradientSupernetWithADiscreteOptimizerIsRefused() throws IOException {
        Path conf = Files.writeString(tmp.resolve("bad.conf"), """
                search_space.model { type = CIFAR_MobileNetV2, chn_in = 1, width_coeff = 0.25, depth_coeff = 0.25 }
                search_space.construct.mixed_op { type = DefaultMixedOpConstructor, mixed_op = WeightedSum, primitives = [MB3E3, MB5E3] }
                data.dataset { type = Synthetic, size = 28, n_train = 64, n_test = 16 }
                search.optim.type = RegularizedEvolutionOptim
                search.estim.search.type = SuperNetEstimator
                output.dir = "%s"
                spark.master = "local[2]"
                """.formatted(tmp.resolve("runs")));
        refused(conf);
        assertSays("search.estim.search (SuperNetEstimator): search.optim.type = RegularizedEvolutionOptim is a discrete optimizer");
        assertSays("DARTSOptim");
    }

    @Test
    void anIncludeOfAMissingFileIsNamed() throws IOException {
        Path conf = config("include \"include/fashion-space.conf\"\n");
        refused(conf);
        assertSays(conf + ": include \"include/fashion-space.conf\": no such file (looked for "
                + tmp.resolve("include/fashion-space.conf"));
    }

    @Test
    void anExporterFileWithoutAWriterIsRefusedBeforeTheSearch() throws IOException {
        refused(config("search.export.default.file = best.txt\n"));
        assertSays("search.export.default: file = 'best.txt': no writer for its extension; use .yaml, .yml, .json or .conf");
    }

    @Test
    void anOutputFolderThatCannotBeCreatedIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        refused(config(""), "output.dir=" + file.resolve("runs"));
        assertSays("output.dir: the run folder " + file.resolve("runs/bad-"));
        assertSays(" cannot be created: " + file + " is a file, not a folder");
    }

    @Test
    void anOutputFolderOnAFileSystemThatRefusesFoldersIsRefused() throws IOException {
        refused(config(""), "output.dir=/proc/modnas-runs");
        assertSays("output.dir: the run folder /proc/modnas-runs/bad-");
        assertSays("cannot be created: a folder cannot be made in /proc");
    }

    @Test
    void aMalformedOrSilentMasterIsRefusedWithinTheDocumentedWait() throws IOException {
        refused(config(""), "spark.master=localhost:7077");
        assertSays("spark.master = 'localhost:7077' is not a Spark master URL");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        long t0 = System.nanoTime();
        refused(config(""), "spark.master=spark://127.0.0.1:" + port, "spark.master_timeout_s=2");
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "took longer than the wait");
        assertSays("the Spark master spark://127.0.0.1:" + port + " does not answer at 127.0.0.1:" + port);
        assertSays("spark.master_timeout_s");
    }

    @Test
    void aYarnOrKubernetesMasterWithoutThatSupportIsRefusedNamingModnasSubmit() throws IOException {
        refused(config(""), "spark.master=yarn");
        assertSays("spark.master = yarn: the Spark on this class path has no YARN support");
        assertSays("SPARK_HOME=/path/to/spark submit/modnas-submit <config> --master yarn");
        refused(config(""), "spark.master=k8s://https://127.0.0.1:6443");
        assertSays("has no Kubernetes support");
    }

    @Test
    void aJarThatDoesNotExistIsRefusedBeforeSparkStarts() throws IOException {
        refused(config(""), "--jars", tmp.resolve("nowhere.jar").toString());
        assertSays("jars: '" + tmp.resolve("nowhere.jar") + "' does not exist");
    }

    @Test
    void gpuResourcesWithALocalMasterAreRefusedInsteadOfHanging() throws IOException {
        refused(config("spark.conf { \"spark.executor.resource.gpu.amount\" = 1, \"spark.task.resource.gpu.amount\" = 1 }\n"));
        assertSays("spark.master = local[2] with GPU resources (");
        assertSays("a local master cannot hand out executor resources");
    }
}

package org.modnas.spark.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.estim.AlphaRecord;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.estim.StageResult;
import org.modnas.core.run.RunDirectory;
import org.modnas.core.search.StageOutputs;
import org.modnas.spark.SparkSessionExtension;

/**
 * A gradient search (DARTS, as one Spark task) whose driver JVM is killed after its first epoch
 * continues from the stage's resume file when run again, and ends with the α and desc of the same
 * search run without interruption.
 */
@ExtendWith(SparkSessionExtension.class)
class GradientSearchKillResumeTest {
    private static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    private static Path config(String runId) throws Exception {
        return Files.writeString(tmp.resolve(runId + ".conf"), """
                search_space.model { type = CIFAR_MobileNetV2, chn_in = 1, n_classes = 10, width_coeff = 0.25, depth_coeff = 0.25 }
                search_space.construct.mixed_op { type = DefaultMixedOpConstructor, mixed_op = WeightedSum, primitives = [MB3E1, MB3E3] }
                data { dataset { type = Synthetic, size = 28, n_train = 384, n_test = 64, noise = 0.3 }, batch_size = 32, train_portion = 0.5 }
                trainer.lr = 0.05
                search.optim { type = DARTSOptim, lr = 0.01 }
                search.estim.search { type = SuperNetEstimator, epochs = 4, num_bn_batch = 1, valid_batches = 1 }
                spark { master = "local[2]", progress = false, conf { "spark.ui.enabled" = false } }
                run.id = %s
                output.dir = "%s"
                """.formatted(runId, tmp));
    }

    @Test
    void aKilledGradientSearchResumesAfterItsLastEpochAndEndsAsAnUninterruptedOne() throws Exception {
        Path conf = config("killed");
        Path resume = RunDirectory.of(tmp, "killed").stageResumeFile("search").path();
        Process driver = DriverProcess.start(conf, tmp.resolve("driver.out"));
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(resume) && driver.isAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(driver.isAlive() && Files.exists(resume), "the driver was not killed after an epoch: "
                    + Files.readString(tmp.resolve("driver.out")));
        } finally {
            driver.destroyForcibly().waitFor();
        }
        assertEquals(StageOutputs.Found.NONE, StageOutputs.find(RunDirectory.of(tmp, "killed"), "search", "any"),
                "the stage had not finished");

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            SparkSearch.search(spark, new ConfigLoader().loadAny(conf, List.of()), System.err);
        } finally {
            System.setErr(err);
        }
        String progress = captured.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("resuming after epoch "), progress);
        assertTrue(Files.notExists(resume), "the resume file goes once the stage's results are written");

        SparkSearch.search(spark, new ConfigLoader().loadAny(config("whole"), List.of()), System.err);
        StageResult resumed = StageOutputs.read(RunDirectory.of(tmp, "killed"), "search");
        StageResult whole = StageOutputs.read(RunDirectory.of(tmp, "whole"), "search");
        assertEquals(whole.best(), resumed.best());
        assertEquals(4, resumed.epochs().size());
        for (int e = 0; e < 4; e++) {
            StageEpoch a = whole.epochs().get(e);
            StageEpoch b = resumed.epochs().get(e);
            assertEquals(a.desc(), b.desc(), "epoch " + (e + 1));
            for (int i = 0; i < a.alphas().size(); i++) {
                AlphaRecord x = a.alphas().get(i);
                AlphaRecord y = b.alphas().get(i);
                assertEquals(x.mixedOp() + x.candidate(), y.mixedOp() + y.candidate());
                assertEquals(x.alpha(), y.alpha(), 1e-6, "epoch " + (e + 1) + " " + x);
            }
        }
    }
}

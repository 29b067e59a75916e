package org.modnas.models.estim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.estim.Estimator;
import org.modnas.core.estim.StageContext;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.estim.StageEstimator;
import org.modnas.core.estim.StageResult;
import org.modnas.core.registry.Registry;
import org.modnas.models.data.DataComponents;

/**
 * Once-for-All on real data: a teacher (the full elastic network) trained briefly on Fashion-MNIST,
 * then progressive shrinking in OFA's order (full, kernel, depth, width) with knowledge distillation.
 * Afterwards both the smallest and the largest subnet, each after batch-norm recalibration, are far
 * above chance (10 %), and a rerun resumes after the last finished stage.
 */
class ProgressiveShrinkingTest {
    private static final Config ROOT = new ConfigLoader().load(ConfigFactory.parseString("""
            search_space {
              model { type = CIFAR_MobileNetV2, chn_in = 1, n_classes = 10, width_coeff = 0.25, depth_coeff = 0.5 }
              construct { elastic { type = MobileNetV2ElasticConstructor, repeat_range = [1, 2], expansion_range = [3, 6],
                                    kernel_range = [3, 5] } }
            }
            data { dataset { type = FashionMNIST }, train_portion = 0.9, limit_train = 3000, limit_valid = 256, batch_size = 64 }
            trainer { epochs = 1, lr = 0.1, warmup_epochs = 0.05, eta_min = 0.005, weight_decay = 1e-4, threads = 2 }
            search.estim {
              teacher { type = DefaultEstimator, valid_batches = 4, num_bn_batch = 20 }
              ps { type = ProgressiveShrinkingEstimator, train_steps = 25, n_subnet_batch = 2, num_bn_batch = 3, valid_batches = 4 }
            }
            """), "ofa-test.conf", List.of()).config();

    private static StageEstimator stage(String name) {
        return (StageEstimator) Registry.global().build(Estimator.KIND, ROOT.getConfig("search.estim." + name),
                Map.of(Config.class, ROOT));
    }

    @Test
    void aStageWithAnUnknownDimensionIsRefusedNamingIt() {
        Config bad = ConfigFactory.parseString("type = ProgressiveShrinkingEstimator, stages = [{ sequential = [1, 0.5] }, "
                + "{ depht = [1] }]");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Registry.global().build(Estimator.KIND, bad, Map.of(Config.class, ROOT)));
        assertTrue(e.getMessage().contains("stages[1]: unknown key 'depht'; a stage lists sequential (depth), spatial (width), "
                + "kernel and epochs"), e.getMessage());
    }

    @Test
    void afterShrinkingTheSmallestAndTheLargestSubnetAreFarAboveChance(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(Path.of(DataComponents.FASHION_MNIST_DIR)), "Fashion-MNIST is installed by .ci/run");
        List<String> log = new ArrayList<>();
        StageResult teacher = stage("teacher").run(new StageContext("teacher", 1, null, 2, null, null, log::add));
        assertTrue(teacher.metrics().get("accuracy") > 0.45, "the teacher learned: " + teacher.metrics());
        Path resume = dir.resolve("ps.resume");
        StageResult ps = stage("ps").run(new StageContext("ps", 1, null, 2, teacher.output(), resume.toString(), log::add));
        List<StageEpoch> records = ps.epochs();
        assertEquals(4, records.size(), "full, kernel, depth and width stages:\n" + String.join("\n", log));
        Map<String, Double> last = records.get(3).metrics();
        assertEquals(8, last.keySet().stream().filter(k -> k.startsWith("accuracy depth=")).count(),
                "a grid of 2 kernels x 2 depths x 2 widths: " + last);
        System.out.printf("teacher %.3f; after shrinking: largest %.3f, smallest %.3f, mean %.3f of 8 subnets%n",
                teacher.metrics().get("accuracy"), last.get("accuracy_largest"), last.get("accuracy_smallest"),
                last.get("accuracy_mean"));
        assertTrue(last.get("accuracy_largest") > 0.5, "largest subnet: " + last + "\n" + String.join("\n", log));
        assertTrue(last.get("accuracy_smallest") > 0.4, "smallest subnet: " + last + "\n" + String.join("\n", log));
        assertTrue(Files.isRegularFile(dir.resolve("model_ps_stage_4.params")), "each stage's supernet is kept");

        List<String> again = new ArrayList<>();
        StageResult resumed = stage("ps").run(new StageContext("ps", 1, null, 2, teacher.output(), resume.toString(), again::add));
        assertTrue(again.get(0).startsWith("resuming progressive shrinking after stage 4 of 4"), again.toString());
        assertEquals(records, resumed.epochs());
        assertEquals(List.of(), again.stream().filter(l -> l.startsWith("stage ")).toList(), "no stage ran again");
    }
}

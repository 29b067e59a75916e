package org.modnas.models.estim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.registry.Registry;
import org.modnas.core.store.Location;
import org.modnas.models.data.DataComponents;
import org.modnas.models.space.Spaces;

/** Real data: a small MobileNetV2-family network learns Fashion-MNIST in one epoch on 10,000 images. */
class FashionMnistTrainingTest {
    @Test
    void oneEpochOnTenThousandImagesReachesSeventyFivePercentOnHeldOutImages() throws Exception {
        assumeTrue(Files.isDirectory(Path.of(DataComponents.FASHION_MNIST_DIR)), "Fashion-MNIST is installed by .ci/run");
        Config root = EstimatorFixtures.config("""
                data { dataset { type = FashionMNIST }, train_portion = 1, limit_train = 10000, limit_test = 2000, batch_size = 64 }
                trainer { epochs = 1, lr = 0.1, warmup_epochs = 0.1, eta_min = 0.001, threads = 2 }
                search.estim.train { type = DefaultEstimator }
                """);
        ArchSpace space = Spaces.build(root.getConfig("search_space"), Registry.global(), 1).archSpace();
        ArchDesc desc = ArchDesc.of(space, Collections.nCopies(space.dimension(), "MB3E3"));
        DefaultEstimator e = new DefaultEstimator(root, root.getConfig("search.estim.train")
                .withFallback(com.typesafe.config.ConfigFactory.parseString(DefaultEstimator.DEFAULTS)));
        List<String> progress = new ArrayList<>();
        Path params = Files.createTempDirectory("fm").resolve("model.params");
        Map<String, Double> m = e.train(desc, CandidateContext.cpu(1, 2), Location.of(params), progress::add, null);
        assertTrue(m.get("test_accuracy") >= 0.75, "test accuracy " + m + "\n" + String.join("\n", progress));
        assertEquals(1.0, m.get("epochs"));
        assertTrue(Files.size(params) > 10_000, "parameters written");
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("epoch 1/1 loss=")), progress.toString());
    }
}

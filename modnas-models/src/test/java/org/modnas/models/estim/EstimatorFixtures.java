package org.modnas.models.estim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.modnas.core.config.ConfigLoader;

/** Small validated configs for estimator tests: a narrow, shallow MobileNetV2 on 28 x 28 grey images. */
final class EstimatorFixtures {
    private EstimatorFixtures() {
    }

    static final String SPACE = """
            search_space {
              model { type = CIFAR_MobileNetV2, chn_in = 1, n_classes = 10, width_coeff = 0.25, depth_coeff = 0.34 }
              construct { mixed_op { type = DefaultMixedOpConstructor, mixed_op = Index, primitives = [MB3E3, MB3E6, MB5E3, NIL] } }
            }
            trainer { lr = 0.05, threads = 1, grad_clip = 5 }
            """;

    static Config config(String more) {
        Config user = ConfigFactory.parseString(SPACE + "\n" + more);
        return new ConfigLoader().load(user, "test.conf", List.of()).config();
    }

    static Config synthetic(String more) {
        return config("data { dataset { type = Synthetic, size = 28, n_train = 256, n_test = 64, noise = 0.3 }, batch_size = 32 }\n" + more);
    }
}

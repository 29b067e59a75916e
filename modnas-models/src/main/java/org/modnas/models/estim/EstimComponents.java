package org.modnas.models.estim;

import com.typesafe.config.Config;
import org.modnas.core.estim.Estimator;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;

/**
 * Registers the training estimators. Their factories need the whole config as the context object
 * of type {@link Config} (the data, trainer and search_space sections).
 */
public final class EstimComponents implements ComponentProvider {
    @Override
    public void register(Registry r) {
        r.registerSlot("search.estim.*", Estimator.KIND);
        r.register(ComponentSpec.builder(Estimator.KIND, SubNetEstimator.NAME).aliases("SubNetEstim")
                .defaults(SubNetEstimator.DEFAULTS)
                .ranges("subnet_epochs", ">= 0", "train_steps", ">= 0", "num_bn_batch", ">= 0", "valid_batches", ">= 0",
                        "latency_repeats", ">= 1")
                .description("builds (or selects on a trained supernet), trains and validates each proposed candidate; "
                        + "the unit of a Spark task")
                .factory(a -> new SubNetEstimator(a.require(Config.class), a.config(),
                        a.context(SupernetWeights.class).orElse(null))));
        r.register(ComponentSpec.builder(Estimator.KIND, SuperNetEstimator.NAME).aliases("SuperNetEstim")
                .defaults(SuperNetEstimator.DEFAULTS)
                .ranges("epochs", ">= 0", "train_steps", ">= 0", "num_bn_batch", ">= 0", "valid_subnets", ">= 1",
                        "valid_batches", ">= 0", "arch_update_epoch_start", ">= 0", "arch_update_epoch_intv", ">= 1",
                        "arch_update_intv", ">= -1", "arch_update_batch", ">= 0",
                        "cost_target", ">= 0", "cost_beta", ">= 0", "cost_lambda", ">= 0", "latency_repeats", ">= 1")
                .description("trains a supernet once: of Index mixed ops one sampled path per batch, handed to the candidate "
                        + "estimator; of gradient mixed ops weights and α together with the gradient optimizer of search.optim")
                .factory(a -> new SuperNetEstimator(a.require(Config.class), a.config())));
        r.register(ComponentSpec.builder(Estimator.KIND, ProgressiveShrinkingEstimator.NAME).aliases("ProgressiveShrinkingEstim")
                .defaults(ProgressiveShrinkingEstimator.DEFAULTS)
                .ranges("epochs", ">= 1", "n_subnet_batch", ">= 1", "kd_ratio", "[0, 1]", "kd_temperature", "> 0")
                .description("Once-for-All progressive shrinking of an elastic supernet, with knowledge distillation")
                .factory(a -> new ProgressiveShrinkingEstimator(a.require(Config.class), a.config())));
        r.register(ComponentSpec.builder(Estimator.KIND, ZeroCostEstimator.NAME).aliases("ZeroCostEstim", "ZeroCost")
                .defaults(ZeroCostEstimator.DEFAULTS)
                .ranges("batch", ">= 2")
                .description("scores each candidate untrained by zero-cost proxies (synflow, NASWOT, grad_norm, snip, "
                        + "jacob_cov) on one batch, with its params and MACs")
                .factory(a -> new ZeroCostEstimator(a.require(Config.class), a.config())));
        r.register(ComponentSpec.builder(Estimator.KIND, DefaultEstimator.NAME).aliases("DefaultEstim")
                .defaults(DefaultEstimator.DEFAULTS)
                .ranges("valid_intv", ">= 0", "valid_batches", ">= 0")
                .description("trains a network's weights for trainer.epochs, then validates and tests it")
                .factory(a -> new DefaultEstimator(a.require(Config.class), a.config())));
    }
}

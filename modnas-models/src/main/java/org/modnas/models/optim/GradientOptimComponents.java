package org.modnas.models.optim;

import com.typesafe.config.Config;
import org.modnas.core.optim.Optimizer;
import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;

/**
 * Registers the gradient optimizers under the original's names and aliases. Each takes the Adam
 * settings of α ({@code lr}, {@code beta1}, {@code beta2}, {@code weight_decay}) with the original's
 * defaults: lr 3e-4, betas (0.5, 0.999), decay 1e-3; for binary gates lr 0.006, betas (0, 0.999), no decay.
 */
public final class GradientOptimComponents implements ComponentProvider {
    private static final String ADAM = "lr = 3e-4, beta1 = 0.5, beta2 = 0.999, weight_decay = 1e-3";
    private static final String[] ADAM_RANGES = {"lr", "> 0", "beta1", "[0, 1)", "beta2", "[0, 1)", "weight_decay", ">= 0"};

    @Override
    public void register(Registry r) {
        r.register(ComponentSpec.builder(Optimizer.KIND, DARTSOptim.NAME).aliases("DARTS")
                .defaults(ADAM + ", first_order = false")
                .ranges(ADAM_RANGES)
                .description("DARTS: α along the validation loss's gradient through one unrolled weight step (second order), "
                        + "or at the current weights (first_order)")
                .factory(a -> {
                    Config c = a.config();
                    return new DARTSOptim(c.getDouble("lr"), c.getDouble("beta1"), c.getDouble("beta2"),
                            c.getDouble("weight_decay"), c.getBoolean("first_order"));
                }));
        r.register(ComponentSpec.builder(Optimizer.KIND, BinaryGateOptim.NAME).aliases("BinaryGate", "ProxylessNAS")
                .defaults("lr = 0.006, beta1 = 0, beta2 = 0.999, weight_decay = 0, renorm = true")
                .ranges(ADAM_RANGES)
                .description("ProxylessNAS-G on binary-gate mixed ops: two sampled paths, gate gradients, re-normalised pair")
                .factory(a -> {
                    Config c = a.config();
                    return new BinaryGateOptim(c.getDouble("lr"), c.getDouble("beta1"), c.getDouble("beta2"),
                            c.getDouble("weight_decay"), c.getBoolean("renorm"));
                }));
        r.register(ComponentSpec.builder(Optimizer.KIND, DirectGradOptim.NAME).aliases("DirectGrad")
                .defaults(ADAM)
                .ranges(ADAM_RANGES)
                .description("one-level: α stepped with the gradients of the weight step")
                .factory(a -> {
                    Config c = a.config();
                    return new DirectGradOptim(c.getDouble("lr"), c.getDouble("beta1"), c.getDouble("beta2"),
                            c.getDouble("weight_decay"));
                }));
        r.register(ComponentSpec.builder(Optimizer.KIND, DirectGradBiLevelOptim.NAME).aliases("DirectGradBiLevelOptim")
                .defaults(ADAM)
                .ranges(ADAM_RANGES)
                .description("first-order bi-level: α stepped on a validation batch")
                .factory(a -> {
                    Config c = a.config();
                    return new DirectGradBiLevelOptim(c.getDouble("lr"), c.getDouble("beta1"), c.getDouble("beta2"),
                            c.getDouble("weight_decay"));
                }));
        r.register(ComponentSpec.builder(Optimizer.KIND, GumbelAnnealingOptim.NAME).aliases("GumbelAnnealing")
                .defaults(ADAM + ", init_temp = 1e4, exp_anneal_rate = 0.0015, anneal_interval = 1, restart_period = 0")
                .ranges(ADAM_RANGES)
                .ranges("init_temp", "> 0", "exp_anneal_rate", ">= 0", "anneal_interval", ">= 1", "restart_period", ">= 0")
                .description("bi-level on Gumbel-softmax mixed ops with the temperature annealed as init_temp·exp(-rate·step)")
                .factory(a -> {
                    Config c = a.config();
                    return new GumbelAnnealingOptim(c.getDouble("lr"), c.getDouble("beta1"), c.getDouble("beta2"),
                            c.getDouble("weight_decay"), c.getDouble("init_temp"), c.getDouble("exp_anneal_rate"),
                            c.getInt("anneal_interval"), c.getLong("restart_period"));
                }));
    }
}

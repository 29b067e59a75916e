package com.example.nas;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.models.estim.SubNetEstimator;

/**
 * A candidate estimator of its own that reuses the project's: it trains and validates each
 * candidate as {@link SubNetEstimator} does (its {@code train_steps}, {@code valid_batches} and
 * {@code num_bn_batch}), then adds {@code accuracy_per_mmac}, the validation accuracy per million
 * multiply-accumulates, to the candidate's metrics (the table's {@code metrics} column).
 */
public final class EfficiencyEstimator implements CandidateEstimator {
    /** The arguments and their defaults. */
    public static final String DEFAULTS = "train_steps = 50, valid_batches = 8, num_bn_batch = 0";

    private final SubNetEstimator inner;

    public EfficiencyEstimator(Config root, Config args) {
        Config subnet = ConfigFactory.parseMap(Map.of(
                "train_steps", args.getInt("train_steps"),
                "valid_batches", args.getInt("valid_batches"),
                "num_bn_batch", args.getInt("num_bn_batch"),
                "measure_latency", false));
        this.inner = new SubNetEstimator(root, subnet.withFallback(ConfigFactory.parseString(SubNetEstimator.DEFAULTS)), null);
    }

    @Override
    public void checkInputs() {
        inner.checkInputs();
    }

    @Override
    public Map<String, Double> evaluate(ArchDesc desc, CandidateContext context) throws Exception {
        Map<String, Double> m = new LinkedHashMap<>(inner.evaluate(desc, context));
        m.put("accuracy_per_mmac", m.get("accuracy") / (m.get("macs") / 1e6));
        return m;
    }

    @Override
    public void close() {
        inner.close();
    }
}

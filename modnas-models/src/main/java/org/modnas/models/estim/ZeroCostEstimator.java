package org.modnas.models.estim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.models.data.Batch;
import org.modnas.models.data.DataSets;
import org.modnas.models.proxy.ZeroCostProxies;

/**
 * Scores a candidate without training it: builds the network its desc names, initialises it from
 * the candidate's seed, and computes the zero-cost proxies ({@code proxies}, all by default) on one
 * seeded batch of {@code batch} training images, plus its params and MACs. Each proxy is a metric of
 * the candidate's row, and an objective may rank by it ({@code MetricObjective, metric = synflow}).
 */
public final class ZeroCostEstimator implements CandidateEstimator {
    /** Registered name. */
    public static final String NAME = "ZeroCostEstimator";
    /** Argument defaults. */
    public static final String DEFAULTS = "proxies = [synflow, naswot, grad_norm, snip, jacob_cov], batch = 64";

    private final Config root;
    private final Set<String> proxies;
    private final int batch;

    public ZeroCostEstimator(Config root, Config args) {
        this.root = root;
        this.proxies = new LinkedHashSet<>(args.getStringList("proxies"));
        for (String p : proxies) {
            if (!ZeroCostProxies.NAMES.contains(p)) {
                throw new IllegalArgumentException(NAME + ": unknown proxy '" + p + "'; known: " + ZeroCostProxies.NAMES);
            }
        }
        this.batch = args.getInt("batch");
        if (batch < 2) {
            throw new IllegalArgumentException(NAME + ".batch must be at least 2 (NASWOT and jacob_cov compare images), got "
                    + batch);
        }
    }

    @Override
    public void checkInputs() {
        DataSets.check(root.getConfig("data"));
    }

    @Override
    public Map<String, Double> evaluate(ArchDesc desc, CandidateContext ctx) {
        long t0 = System.nanoTime();
        Map<String, Double> m = new LinkedHashMap<>();
        TrainingSetup s = new TrainingSetup(root);
        try (NDManager manager = NDManager.newBaseManager(TrainingSetup.device(ctx))) {
            TrainingSetup.Network net = s.build(root, desc, ctx.seed(), ctx.threads(), manager);
            Batch b = new org.modnas.models.data.BatchLoader(s.data.train(), batch, true, false, true, s.mean(), s.std(),
                    ctx.seed()).epoch(0).next();
            NDArray x = manager.create(b.images(), new Shape(b.size(), b.channels(), b.height(), b.width()));
            NDArray labels = manager.create(b.labels());
            m.putAll(ZeroCostProxies.score(net.block(), manager, x, labels, proxies));
            m.put("params", (double) net.stats().params());
            m.put("macs", (double) net.stats().macs());
        }
        m.put("proxy_seconds", (System.nanoTime() - t0) / 1e9);
        return m;
    }

    /** The proxies this estimator computes. */
    public List<String> proxies() {
        return List.copyOf(proxies);
    }
}

package org.modnas.spark;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.CandidateFailure;
import org.modnas.core.estim.Estimator;
import org.modnas.core.optim.DiscreteOptimizer;
import org.modnas.core.optim.Observation;
import org.modnas.core.optim.Optimizer;
import org.modnas.core.optim.Proposal;
import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;
import org.modnas.core.util.Rng;

/**
 * Test components: a seeded shuffling optimizer (stands in for the discrete optimizers of
 * modnas-core), an estimator that throws, returns NaN or hangs on chosen choices, one that does
 * not evaluate single candidates (as a supernet warm-up), and a tiny MobileNetV2.
 */
public final class TestComponents implements ComponentProvider {
    @Override
    public void register(Registry registry) {
        registry.register(ComponentSpec.builder(Optimizer.KIND, "ShuffleTestOptim")
                .defaults("seed = 1")
                .factory(a -> new ShuffleOptim(a.require(ArchSpace.class), a.config().getLong("seed"))));
        // a MobileNetV2 of a fixed first block and one stage of two 8-channel blocks: elastic spaces small enough to enumerate
        registry.register(ComponentSpec.builder(org.modnas.models.ModelsComponents.MODEL, "TinyMobileNetV2Test")
                .factory(a -> org.modnas.models.models.MobileNetV2.build(List.of(new org.modnas.models.models.MobileNetV2.Stage(0, 8, 1, 1),
                        new org.modnas.models.models.MobileNetV2.Stage(1, 8, 1, 1), new org.modnas.models.models.MobileNetV2.Stage(6, 8, 2, 1)),
                        10, 1, 1.0, 1.0)));
        registry.register(ComponentSpec.builder(Estimator.KIND, "WarmupTestEstimator")
                .factory(a -> new Estimator() { }));
        registry.register(ComponentSpec.builder(Estimator.KIND, "FaultyTestEstimator")
                .defaults("seconds = 0.0, fail_choice = \"\", nan_choice = \"\", hang_choice = \"\"")
                .factory(a -> new FaultyEstimator(a.config().getDouble("seconds"), a.config().getString("fail_choice"),
                        a.config().getString("nan_choice"), a.config().getString("hang_choice"))));
    }

    /** Uniform sampling without replacement from a seeded generator; the order ignores the scores. */
    public static final class ShuffleOptim implements DiscreteOptimizer {
        private final ArchSpace space;
        private final Rng rng;
        private final Set<Long> proposed = new HashSet<>();
        private final List<Observation> seen = new ArrayList<>();

        ShuffleOptim(ArchSpace space, long seed) {
            this.space = space;
            this.rng = new Rng(seed);
        }

        @Override
        public ArchSpace space() {
            return space;
        }

        @Override
        public List<Proposal> propose(int n) {
            List<Proposal> out = new ArrayList<>();
            long size = space.sizeOrMax();
            while (out.size() < n && proposed.size() < size) {
                long i = rng.nextLong(size);
                if (proposed.add(i)) {
                    out.add(new Proposal(space.desc(space.point(i)), 0));
                }
            }
            return out;
        }

        @Override
        public void observe(List<Observation> results) {
            seen.addAll(results);
        }

        public List<Observation> seen() {
            return seen;
        }

        @Override
        public boolean isExhausted() {
            return proposed.size() >= space.sizeOrMax();
        }

        @Override
        public ObjectNode snapshot() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("rng", rng.state());
            var arr = n.putArray("proposed");
            proposed.forEach(arr::add);
            return n;
        }

        @Override
        public void restore(ObjectNode state) {
            rng.setState(state.get("rng").asLong());
            proposed.clear();
            state.get("proposed").forEach(x -> proposed.add(x.asLong()));
        }
    }

    /** Throws, returns NaN or hangs when the desc holds the configured choice; else as NoOp (after sleeping). */
    static final class FaultyEstimator implements CandidateEstimator {
        private final double seconds;
        private final String fail;
        private final String nan;
        private final String hang;

        FaultyEstimator(double seconds, String fail, String nan, String hang) {
            this.seconds = seconds;
            this.fail = fail;
            this.nan = nan;
            this.hang = hang;
        }

        @Override
        public Map<String, Double> evaluate(ArchDesc desc, CandidateContext context) throws Exception {
            List<Object> v = desc.values();
            if (!fail.isEmpty() && v.contains(fail)) {
                throw new IllegalStateException("boom on " + fail);
            }
            if (!hang.isEmpty() && v.contains(hang)) {
                Thread.sleep(3_600_000L);
            }
            Thread.sleep((long) (seconds * 1000));
            if (!nan.isEmpty() && v.contains(nan)) {
                throw new CandidateFailure("loss is NaN");
            }
            return Map.of("accuracy", 0.5 + (desc.hash().charAt(0) % 16) / 40.0, "loss", 0.5, "params", 1000.0,
                    "macs", 20000.0, "latency_ms", 1.0, "train_seconds", seconds, "epochs", 1.0);
        }
    }
}

package org.modnas.core.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.arch.Categorical;
import org.modnas.core.util.Rng;

/** Spaces, optimizer makers and a scripted evaluation loop shared by the optimizer tests. */
final class OptimTesting {
    private OptimTesting() {
    }

    /** 3 × 2 × 2 = 12 points. */
    static ArchSpace smallSpace() {
        return ArchSpace.of(Categorical.of("op", "MB3E3", "MB5E6", "NIL"), Categorical.of("k", 3, 5),
                Categorical.of("skip", true, false));
    }

    /** {@code slots} params of {@code choices} choices each, named s0.., choices c0... */
    static ArchSpace slotSpace(int slots, int choices) {
        List<Categorical> ps = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            Object[] cs = new Object[choices];
            for (int j = 0; j < choices; j++) {
                cs[j] = "c" + j;
            }
            ps.add(Categorical.of("s" + i, cs));
        }
        return ArchSpace.of(ps);
    }

    /** A named way to build one optimizer from a seed. */
    record Maker(String name, java.util.function.BiFunction<ArchSpace, Long, DiscreteOptimizer> build) {
        DiscreteOptimizer make(ArchSpace space, long seed) {
            return build.apply(space, seed);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every optimizer, with options small enough for a 12-point space to see several generations. */
    static List<Maker> makers() {
        return List.of(
                new Maker("random", RandomSearchOptim::new),
                new Maker("grid", GridSearchOptim::new),
                new Maker("evolution", (s, seed) -> new EvolutionOptim(s, new EvolutionOptim.Settings(4, 2, 2, 1, 0.2), seed)),
                new Maker("evolution-defaults", EvolutionOptim::new),
                new Maker("regularized", (s, seed) -> new RegularizedEvolutionOptim(s, 4, 2, seed)),
                new Maker("regularized-defaults", RegularizedEvolutionOptim::new),
                new Maker("reinforce", (s, seed) -> new REINFORCEOptim(s,
                        new REINFORCEOptim.Settings(3, 0.1, 0.9, 0.999, 0.99, 0.01), seed)),
                new Maker("reinforce-defaults", REINFORCEOptim::new));
    }

    /** A deterministic score from a point: a fixed random table, with pairwise terms. */
    static double score(int[] p) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += mix(i * 1000L + p[i]);
            if (i + 1 < p.length) {
                s += 0.5 * mix(7_000_000L + i * 10_000L + p[i] * 100L + p[i + 1]);
            }
        }
        return s;
    }

    private static double mix(long x) {
        return (new Rng(x * 0x9E3779B97F4A7C15L).nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Plays the evaluation side: each step asks for 1–3 candidates, then reports a random subset of
     * the pending ones in random order (some results wait several rounds); some results fail, and
     * now and then a result arrives for a desc nobody proposed. Its state is copyable, so two
     * optimizers can be fed identical inputs.
     */
    static final class Env {
        final ArchSpace space;
        final Rng rng;
        final List<ArchDesc> pending;
        final double failProb;
        final double foreignProb;
        final List<ArchDesc> foreign = new ArrayList<>();

        Env(ArchSpace space, long seed, double failProb, double foreignProb) {
            this(space, new Rng(seed), new ArrayList<>(), failProb, foreignProb);
        }

        private Env(ArchSpace space, Rng rng, List<ArchDesc> pending, double failProb, double foreignProb) {
            this.space = space;
            this.rng = rng;
            this.pending = pending;
            this.failProb = failProb;
            this.foreignProb = foreignProb;
        }

        Env copy() {
            return new Env(space, new Rng(rng.state()), new ArrayList<>(pending), failProb, foreignProb);
        }

        /** One round; returns what the optimizer proposed in it. */
        List<Proposal> step(DiscreteOptimizer o) {
            List<Proposal> got = o.propose(1 + rng.nextInt(3));
            for (Proposal p : got) {
                pending.add(p.desc());
            }
            List<Observation> results = new ArrayList<>();
            for (int i = pending.size() - 1; i >= 0; i--) {
                if (rng.nextDouble() < 0.6 || got.isEmpty()) {
                    results.add(result(pending.remove(i)));
                }
            }
            if (rng.nextDouble() < foreignProb) {
                ArchDesc d = space.desc(space.sample(rng));
                foreign.add(d);
                results.add(result(d));
            }
            shuffle(results);
            o.observe(results);
            return got;
        }

        private Observation result(ArchDesc d) {
            return rng.nextDouble() < failProb ? Observation.failed(d) : new Observation(d, score(space.point(d)));
        }

        private <T> void shuffle(List<T> xs) {
            for (int i = xs.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                T t = xs.get(i);
                xs.set(i, xs.get(j));
                xs.set(j, t);
            }
        }
    }

    /** Proposals as comparable text: desc JSON and generation. */
    static List<String> show(List<Proposal> ps) {
        List<String> out = new ArrayList<>(ps.size());
        for (Proposal p : ps) {
            out.add(p.desc().toJson() + "@" + p.generation());
        }
        return out;
    }

    static LongFunction<DiscreteOptimizer> bind(Maker m, ArchSpace s) {
        return seed -> m.make(s, seed);
    }
}

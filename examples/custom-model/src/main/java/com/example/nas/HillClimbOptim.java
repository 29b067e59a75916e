package com.example.nas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.optim.AbstractDiscreteOptimizer;
import org.modnas.core.optim.Proposal;

/**
 * A discrete optimizer of its own: {@code init_random} random candidates, then each proposal
 * changes one slot of the best candidate seen so far (a random slot, to a random other choice),
 * falling back to a random candidate when a mutation would repeat one. Random candidates carry
 * generation 0, mutations generation 1. Its whole state (the
 * generator, the candidates proposed, the best point and score) goes into the snapshot, so a
 * resumed search continues exactly.
 */
public final class HillClimbOptim extends AbstractDiscreteOptimizer {
    /** The registered name. */
    public static final String NAME = "HillClimbOptim";
    /** The arguments and their defaults. */
    public static final String DEFAULTS = "seed = 1, init_random = 4";

    private final int initRandom;
    private int proposed;
    private int[] best;
    private double bestScore = Double.NEGATIVE_INFINITY;

    public HillClimbOptim(ArchSpace space, long seed, int initRandom) {
        super(space, seed);
        if (initRandom < 1) {
            throw new IllegalArgumentException(NAME + ".init_random must be at least 1, got " + initRandom);
        }
        this.initRandom = initRandom;
    }

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    protected ObjectNode options() {
        return JSON.objectNode().put("init_random", initRandom);
    }

    @Override
    protected List<Proposal> proposeNew(int n) {
        List<Proposal> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] p = proposed < initRandom || best == null ? null : mutant();
            int generation = p == null ? 0 : 1; // 0: random, 1: a mutation of the best
            if (p == null) {
                p = takeRandomUnvisited();
            }
            if (p == null) {
                break;
            }
            proposed++;
            out.add(proposal(p, generation));
        }
        return out;
    }

    /** The best point with one slot changed, added to the visited set; null when the tries repeat. */
    private int[] mutant() {
        for (int attempt = 0; attempt < 16; attempt++) {
            int[] p = best.clone();
            int slot = rng.nextInt(p.length);
            if (radix(slot) < 2) {
                continue;
            }
            p[slot] = (p[slot] + 1 + rng.nextInt(radix(slot) - 1)) % radix(slot);
            if (visited.add(p)) {
                return p;
            }
        }
        return null;
    }

    @Override
    protected void onResult(int[] point, double score) {
        if (!Double.isNaN(score) && score > bestScore) {
            bestScore = score;
            best = point.clone();
        }
    }

    @Override
    protected void writeState(ObjectNode node) {
        node.put("proposed", proposed);
        if (best != null) {
            node.set("best", pointJson(best));
            putDouble(node, "best_score", bestScore);
        }
    }

    @Override
    protected void readState(ObjectNode node) {
        proposed = requireInt(node, "proposed");
        best = node.has("best") ? readPoint(node.get("best"), "best") : null;
        bestScore = node.has("best") ? requireDouble(node, "best_score") : Double.NEGATIVE_INFINITY;
    }
}

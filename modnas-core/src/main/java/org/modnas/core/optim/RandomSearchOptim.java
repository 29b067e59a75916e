package org.modnas.core.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.modnas.core.arch.ArchSpace;

/**
 * Random search ({@code RandomSearchOptim}): each proposal is uniform over the points
 * not yet proposed or observed, from a seeded generator. Results teach it nothing; it ends when
 * the space is exhausted. Proposals carry generation 0.
 */
public final class RandomSearchOptim extends AbstractDiscreteOptimizer {
    public static final String NAME = "RandomSearchOptim";

    public RandomSearchOptim(ArchSpace space, long seed) {
        super(space, seed);
    }

    @Override
    public String typeName() {
        return NAME;
    }

    @Override
    protected ObjectNode options() {
        return JSON.objectNode();
    }

    @Override
    protected List<Proposal> proposeNew(int n) {
        List<Proposal> out = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            int[] p = takeRandomUnvisited();
            if (p == null) {
                break;
            }
            out.add(proposal(p, 0));
        }
        return out;
    }

    @Override
    protected void onResult(int[] point, double score) {
        // random search does not learn
    }

    @Override
    protected void writeState(ObjectNode node) {
        // the frame (generator, visited set) is the whole state
    }

    @Override
    protected void readState(ObjectNode node) {
    }
}

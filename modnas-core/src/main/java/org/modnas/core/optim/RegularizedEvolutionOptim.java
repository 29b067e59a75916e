package org.modnas.core.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.modnas.core.arch.ArchSpace;

/**
 * Aging (regularized) evolution of Real et al. 2019 ({@code RegularizedEvolutionOptim}).
 * <ul>
 * <li>While the population holds fewer than {@code population_size} (P) members, proposals are
 * uniform over unvisited points.</li>
 * <li>Afterwards each proposal draws {@code sample_size} (S) distinct members uniformly, takes the
 * best of them and mutates exactly one randomly chosen gene to a different value; a mutant already
 * visited is retried (a new tournament every {@value #TRIES_PER_PARENT} tries), and after
 * {@value #MAX_TRIES} tries the proposal is uniform over unvisited points.</li>
 * <li>Each successful result joins the population as its youngest member; when the population
 * exceeds P its oldest member dies. Results join in the order they arrive, so it works
 * asynchronously: one result in, one proposal out, and {@code propose(n)} with several free slots
 * draws several tournaments from the current population.</li>
 * <li>A failed result (NaN score) marks its point visited but never joins the population.</li>
 * <li>{@link Proposal#generation()} is the number of results observed when the candidate was
 * proposed, divided by P: the count of population turnovers so far.</li>
 * </ul>
 */
public final class RegularizedEvolutionOptim extends AbstractDiscreteOptimizer {
    public static final String NAME = "RegularizedEvolutionOptim";
    static final int TRIES_PER_PARENT = 16;
    static final int MAX_TRIES = 64;

    private final int populationSize;
    private final int sampleSize;
    // population as a ring buffer in age order: slot (head + i) % P is the i-th oldest
    private final int[][] members;
    private final double[] scores;
    private int head;
    private int count;
    private long results;
    private final int[] order;
    private final int[] mutable; // positions with more than one choice

    public RegularizedEvolutionOptim(ArchSpace space, long seed) {
        this(space, 100, 25, seed);
    }

    public RegularizedEvolutionOptim(ArchSpace space, int populationSize, int sampleSize, long seed) {
        super(space, seed);
        if (populationSize < 1) {
            throw new IllegalArgumentException("population_size must be >= 1, got " + populationSize);
        }
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sample_size must be >= 1, got " + sampleSize);
        }
        if (sampleSize > populationSize) {
            throw new IllegalArgumentException("sample_size (" + sampleSize + ") must not exceed population_size ("
                    + populationSize + ")");
        }
        this.populationSize = populationSize;
        this.sampleSize = sampleSize;
        this.members = new int[populationSize][];
        this.scores = new double[populationSize];
        this.order = new int[populationSize];
        int m = 0;
        int[] mut = new int[space.dimension()];
        for (int i = 0; i < mut.length; i++) {
            if (radix(i) > 1) {
                mut[m++] = i;
            }
        }
        this.mutable = java.util.Arrays.copyOf(mut, m);
    }

    @Override
    public String typeName() {
        return NAME;
    }

    public int populationSize() {
        return populationSize;
    }

    public int sampleSize() {
        return sampleSize;
    }

    @Override
    protected ObjectNode options() {
        ObjectNode o = JSON.objectNode();
        o.put("population_size", populationSize);
        o.put("sample_size", sampleSize);
        return o;
    }

    @Override
    protected List<Proposal> proposeNew(int n) {
        List<Proposal> out = new ArrayList<>(Math.min(n, 64));
        int generation = (int) Math.min(Integer.MAX_VALUE, results / populationSize);
        for (int i = 0; i < n; i++) {
            int[] p = count < populationSize ? takeRandomUnvisited() : mutant();
            if (p == null) {
                break;
            }
            out.add(proposal(p, generation));
        }
        return out;
    }

    /** A visited-checked one-gene mutant of a tournament winner, added to the visited set. */
    private int[] mutant() {
        if (mutable.length > 0) {
            int[] parent = null;
            for (int t = 0; t < MAX_TRIES; t++) {
                if (t % TRIES_PER_PARENT == 0) {
                    parent = members[tournament()];
                }
                int[] child = parent.clone();
                int g = mutable[rng.nextInt(mutable.length)];
                int v = rng.nextInt(radix(g) - 1);
                child[g] = v >= child[g] ? v + 1 : v;
                if (visited.add(child)) {
                    return child;
                }
            }
        }
        return takeRandomUnvisited();
    }

    /** The slot of the best of S distinct members drawn uniformly (earliest drawn wins ties). */
    private int tournament() {
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < sampleSize; i++) {
            int j = i + rng.nextInt(count - i);
            int pick = order[j];
            order[j] = order[i];
            order[i] = pick;
            int slot = (head + pick) % populationSize;
            if (best < 0 || scores[slot] > bestScore) {
                best = slot;
                bestScore = scores[slot];
            }
        }
        return best;
    }

    @Override
    protected void onResult(int[] point, double score) {
        results++;
        if (Double.isNaN(score)) {
            return;
        }
        if (count < populationSize) {
            int slot = (head + count) % populationSize;
            members[slot] = point;
            scores[slot] = score;
            count++;
        } else {
            // the oldest dies; the newcomer takes its slot as the youngest
            members[head] = point;
            scores[head] = score;
            head = (head + 1) % populationSize;
        }
    }

    @Override
    protected void writeState(ObjectNode node) {
        node.put("results", results);
        ArrayNode pop = node.putArray("population"); // oldest first
        for (int i = 0; i < count; i++) {
            int slot = (head + i) % populationSize;
            ObjectNode m = pop.addObject();
            m.set("point", pointJson(members[slot]));
            m.put("score", scores[slot]);
        }
    }

    @Override
    protected void readState(ObjectNode node) {
        results = requireLong(node, "results");
        ArrayNode pop = requireArray(node, "population");
        if (pop.size() > populationSize) {
            throw new IllegalArgumentException("optimizer snapshot: population has " + pop.size()
                    + " members, more than population_size " + populationSize);
        }
        head = 0;
        count = 0;
        java.util.Arrays.fill(members, null);
        for (JsonNode m : pop) {
            members[count] = readPoint(m.get("point"), "population member " + count);
            scores[count] = requireDouble(m, "score");
            count++;
        }
    }
}

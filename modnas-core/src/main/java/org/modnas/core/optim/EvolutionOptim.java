package org.modnas.core.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.modnas.core.arch.ArchSpace;

/**
 * Generation-based genetic search ({@code EvolutionOptim}; the original's algorithm ,
 * with its batch defect fixed: every proposed individual is distinct).
 * <ul>
 * <li>Generation 0 is {@code population_size} uniformly random unvisited points.</li>
 * <li>A generation is proposed, then the optimizer waits: {@link #propose} returns fewer or no
 * candidates (without being exhausted) until every member's result is in.</li>
 * <li>Then the members with a score, plus any observed candidates this optimizer did not propose,
 * form the pool: <em>survival</em> drops the {@code n_eliminate} worst, <em>selection</em> keeps the
 * {@code n_select} best (truncation) as parents, and the whole generation is replaced.</li>
 * <li>Each child of the next generation takes {@code n_parents} distinct random parents, inherits
 * each gene from one of them at random (uniform crossover), and resamples each gene with
 * probability {@code mutation_prob} to a different value. A child already visited is retried, up
 * to {@value #MAX_TRIES} times, then replaced by a uniformly random unvisited point.</li>
 * <li>Failed results (NaN) count as visited and as received, never as parents. If a whole
 * generation failed, the previous parents stay.</li>
 * </ul>
 * {@link Proposal#generation()} is the generation number, from 0.
 */
public final class EvolutionOptim extends AbstractDiscreteOptimizer {
    public static final String NAME = "EvolutionOptim";
    static final int MAX_TRIES = 64;

    /**
     * The options of the genetic search.
     *
     * @param populationSize individuals per generation ({@code population_size}, default 100)
     * @param nParents       parents per child ({@code n_parents}, default 2)
     * @param nSelect        parents kept from a generation ({@code n_select}, default 10)
     * @param nEliminate     worst individuals dropped before selection ({@code n_eliminate}, default 1)
     * @param mutationProb   probability that a gene is resampled ({@code mutation_prob}, default 0.01)
     */
    public record Settings(int populationSize, int nParents, int nSelect, int nEliminate, double mutationProb) {
        public Settings {
            if (populationSize < 1) {
                throw new IllegalArgumentException("population_size must be >= 1, got " + populationSize);
            }
            if (nParents < 1) {
                throw new IllegalArgumentException("n_parents must be >= 1, got " + nParents);
            }
            if (nSelect < 1) {
                throw new IllegalArgumentException("n_select must be >= 1, got " + nSelect);
            }
            if (nSelect > populationSize) {
                throw new IllegalArgumentException("n_select (" + nSelect + ") must not exceed population_size ("
                        + populationSize + ")");
            }
            if (nParents > nSelect) {
                throw new IllegalArgumentException("n_parents (" + nParents + ") must not exceed n_select (" + nSelect + ")");
            }
            if (nEliminate < 0 || nEliminate >= populationSize) {
                throw new IllegalArgumentException("n_eliminate must be in [0, population_size) = [0, " + populationSize
                        + "), got " + nEliminate);
            }
            if (!(mutationProb >= 0 && mutationProb <= 1)) {
                throw new IllegalArgumentException("mutation_prob must be in [0, 1], got " + mutationProb);
            }
        }

        public static Settings defaults() {
            return new Settings(100, 2, 10, 1, 0.01);
        }
    }

    /** A scored individual; score NaN while its result is pending or when it failed. */
    private static final class Member {
        final int[] point;
        double score = Double.NaN;
        boolean done;

        Member(int[] point) {
            this.point = point;
        }
    }

    private final Settings settings;
    private int generation;
    private final List<Member> current = new ArrayList<>();
    private int pending;
    private final List<Member> parents = new ArrayList<>();
    private final List<Member> extras = new ArrayList<>();
    private int[] parentOrder = new int[0];
    private final int[] chosen;

    public EvolutionOptim(ArchSpace space, long seed) {
        this(space, Settings.defaults(), seed);
    }

    public EvolutionOptim(ArchSpace space, Settings settings, long seed) {
        super(space, seed);
        this.settings = settings;
        this.chosen = new int[settings.nParents()];
    }

    @Override
    public String typeName() {
        return NAME;
    }

    public Settings settings() {
        return settings;
    }

    /** The current generation number. */
    public int generation() {
        return generation;
    }

    @Override
    protected ObjectNode options() {
        ObjectNode o = JSON.objectNode();
        o.put("population_size", settings.populationSize());
        o.put("n_parents", settings.nParents());
        o.put("n_select", settings.nSelect());
        o.put("n_eliminate", settings.nEliminate());
        o.put("mutation_prob", settings.mutationProb());
        return o;
    }

    @Override
    protected List<Proposal> proposeNew(int n) {
        List<Proposal> out = new ArrayList<>(Math.min(n, settings.populationSize()));
        while (out.size() < n && current.size() < settings.populationSize()) {
            int[] p = parents.isEmpty() ? takeRandomUnvisited() : child();
            if (p == null) {
                break;
            }
            current.add(new Member(p));
            pending++;
            out.add(proposal(p, generation));
        }
        return out;
    }

    /** A crossover-and-mutation child, added to the visited set, or a random unvisited point. */
    private int[] child() {
        int k = Math.min(settings.nParents(), parents.size());
        for (int t = 0; t < MAX_TRIES; t++) {
            for (int i = 0; i < parentOrder.length; i++) {
                parentOrder[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int j = i + rng.nextInt(parentOrder.length - i);
                int pick = parentOrder[j];
                parentOrder[j] = parentOrder[i];
                parentOrder[i] = pick;
                chosen[i] = pick;
            }
            int[] c = new int[space.dimension()];
            for (int g = 0; g < c.length; g++) {
                c[g] = parents.get(chosen[k == 1 ? 0 : rng.nextInt(k)]).point[g];
                if (settings.mutationProb() > 0 && radix(g) > 1 && rng.nextDouble() < settings.mutationProb()) {
                    int v = rng.nextInt(radix(g) - 1);
                    c[g] = v >= c[g] ? v + 1 : v;
                }
            }
            if (visited.add(c)) {
                return c;
            }
        }
        return takeRandomUnvisited();
    }

    @Override
    protected void onResult(int[] point, double score) {
        Member m = null;
        for (Member c : current) {
            if (!c.done && Arrays.equals(c.point, point)) {
                m = c;
                break;
            }
        }
        if (m == null) {
            // a candidate this optimizer did not propose (replayed on resume): it joins the next selection
            if (!Double.isNaN(score)) {
                Member e = new Member(point);
                e.score = score;
                e.done = true;
                extras.add(e);
            }
            return;
        }
        m.done = true;
        m.score = score;
        pending--;
        if (pending == 0 && current.size() == settings.populationSize()) {
            nextGeneration();
        }
    }

    private void nextGeneration() {
        List<Member> pool = new ArrayList<>();
        for (Member m : current) {
            if (!Double.isNaN(m.score)) {
                pool.add(m);
            }
        }
        pool.addAll(extras);
        if (!pool.isEmpty()) {
            // stable: equal scores keep proposal order
            pool.sort(Comparator.comparingDouble((Member m) -> m.score).reversed());
            int survivors = Math.max(1, pool.size() - settings.nEliminate());
            List<Member> selected = pool.subList(0, Math.min(settings.nSelect(), survivors));
            parents.clear();
            parents.addAll(selected);
            parentOrder = new int[parents.size()];
        }
        extras.clear();
        current.clear();
        generation++;
    }

    @Override
    protected void writeState(ObjectNode node) {
        node.put("generation", generation);
        ArrayNode cur = node.putArray("current");
        for (Member m : current) {
            ObjectNode o = cur.addObject();
            o.set("point", pointJson(m.point));
            o.put("done", m.done);
            putDouble(o, "score", m.score);
        }
        writeMembers(node.putArray("parents"), parents);
        writeMembers(node.putArray("extras"), extras);
    }

    private static void writeMembers(ArrayNode a, List<Member> ms) {
        for (Member m : ms) {
            ObjectNode o = a.addObject();
            o.set("point", pointJson(m.point));
            o.put("score", m.score);
        }
    }

    @Override
    protected void readState(ObjectNode node) {
        generation = requireInt(node, "generation");
        current.clear();
        pending = 0;
        ArrayNode cur = requireArray(node, "current");
        if (cur.size() > settings.populationSize()) {
            throw new IllegalArgumentException("optimizer snapshot: the current generation has " + cur.size()
                    + " members, more than population_size " + settings.populationSize());
        }
        for (JsonNode o : cur) {
            Member m = new Member(readPoint(o.get("point"), "a member of the current generation"));
            m.done = require(o, "done").asBoolean();
            m.score = requireDouble(o, "score");
            current.add(m);
            if (!m.done) {
                pending++;
            }
        }
        readMembers(requireArray(node, "parents"), parents, "a parent");
        readMembers(requireArray(node, "extras"), extras, "an extra");
        parentOrder = new int[parents.size()];
    }

    private void readMembers(ArrayNode a, List<Member> into, String what) {
        into.clear();
        for (JsonNode o : a) {
            Member m = new Member(readPoint(o.get("point"), what));
            m.score = requireDouble(o, "score");
            m.done = true;
            into.add(m);
        }
    }
}

package org.modnas.core.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.util.Rng;

/**
 * What every discrete optimizer shares: the space, the seeded generator, the set of
 * points already proposed or observed (so nothing is proposed twice), the bookkeeping that makes
 * {@link #observe} accept results in any order (a repeated report of the same candidate counts
 * once: the first one), and the frame of the JSON snapshot ({@code type}, {@code space},
 * {@code options}, {@code rng}, {@code visited}, {@code observed}) with its checks. Subclasses
 * supply the search itself.
 *
 * <p>A result with a non-finite score (NaN: failed or timed out) marks its point visited and is
 * passed to {@link #onResult} so each algorithm can decide; none of them treats it as good.
 */
public abstract class AbstractDiscreteOptimizer implements DiscreteOptimizer {
    protected static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    protected final ArchSpace space;
    protected final Rng rng;
    protected final VisitedSet visited;
    private final VisitedSet observed;
    private final int[] radix;

    protected AbstractDiscreteOptimizer(ArchSpace space, long seed) {
        Objects.requireNonNull(space, "space");
        if (!space.isDiscrete()) {
            throw new IllegalArgumentException(typeName() + " needs a discrete arch space (categorical or integer params), got "
                    + space);
        }
        this.space = space;
        this.rng = new Rng(seed);
        this.visited = new VisitedSet(space);
        this.observed = new VisitedSet(space);
        this.radix = new int[space.dimension()];
        for (int i = 0; i < radix.length; i++) {
            radix[i] = space.radix(i);
        }
    }

    /** The registered name, written to and checked in snapshots. */
    public abstract String typeName();

    /** The options that shape the state; a snapshot taken with other options is rejected. */
    protected abstract ObjectNode options();

    /** Proposes up to {@code n > 0} new points; each returned point must already be added to {@link #visited}. */
    protected abstract List<Proposal> proposeNew(int n);

    /** Learns from one result; {@code point} is already in {@link #visited}; score may be NaN (failed). */
    protected abstract void onResult(int[] point, double score);

    /** Writes the algorithm's own state into the snapshot. */
    protected abstract void writeState(ObjectNode node);

    /** Reads the algorithm's own state back (the frame has been checked and read). */
    protected abstract void readState(ObjectNode node);

    @Override
    public final ArchSpace space() {
        return space;
    }

    /** Number of choices of the param at {@code position}. */
    protected final int radix(int position) {
        return radix[position];
    }

    @Override
    public final List<Proposal> propose(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("propose needs n >= 0, got " + n);
        }
        if (n == 0 || visited.isFull()) {
            return List.of();
        }
        return proposeNew(n);
    }

    @Override
    public final void observe(List<Observation> results) {
        // check every desc first so a foreign one leaves the state untouched
        List<int[]> points = new ArrayList<>(results.size());
        for (Observation o : results) {
            Objects.requireNonNull(o, "observation");
            points.add(space.point(o.desc()));
        }
        for (int i = 0; i < points.size(); i++) {
            int[] p = points.get(i);
            if (observed.add(p)) {
                visited.add(p);
                double s = results.get(i).score();
                onResult(p, Double.isFinite(s) ? s : Double.NaN);
            }
        }
    }

    @Override
    public boolean isExhausted() {
        return visited.isFull();
    }

    /** Builds the proposal of a point already added to {@link #visited}. */
    protected final Proposal proposal(int[] point, int generation) {
        return new Proposal(space.desc(point), generation);
    }

    /** A uniformly random unvisited point, added to {@link #visited}; null when the space is exhausted. */
    protected final int[] takeRandomUnvisited() {
        int[] p = visited.sampleUnvisited(rng);
        if (p != null) {
            visited.add(p);
        }
        return p;
    }

    @Override
    public final ObjectNode snapshot() {
        ObjectNode n = JSON.objectNode();
        n.put("type", typeName());
        n.set("space", spaceJson());
        n.set("options", options());
        n.put("rng", rng.state());
        n.set("visited", visited.toJson());
        n.set("observed", observed.toJson());
        writeState(n);
        return n;
    }

    @Override
    public final void restore(ObjectNode state) {
        Objects.requireNonNull(state, "state");
        JsonNode type = state.get("type");
        if (type == null || !type.isTextual()) {
            throw new IllegalArgumentException("optimizer snapshot has no 'type'; expected a " + typeName() + " snapshot");
        }
        if (!type.textValue().equals(typeName())) {
            throw new IllegalArgumentException("optimizer snapshot is of type '" + type.textValue()
                    + "', cannot restore it into a " + typeName());
        }
        JsonNode sp = state.get("space");
        if (!spaceJson().equals(sp)) {
            throw new IllegalArgumentException("optimizer snapshot is of another arch space: its params are "
                    + sp + ", this optimizer's are " + spaceJson());
        }
        JsonNode opts = state.get("options");
        if (!options().equals(opts)) {
            throw new IllegalArgumentException("optimizer snapshot was taken with options " + opts
                    + ", this " + typeName() + " has " + options());
        }
        rng.setState(requireLong(state, "rng"));
        visited.readJson(state.get("visited"), "visited");
        observed.readJson(state.get("observed"), "observed");
        readState(state);
    }

    /** The space's params as [{name, size}...]: what a snapshot must match. */
    private ArrayNode spaceJson() {
        ArrayNode a = JSON.arrayNode();
        for (int i = 0; i < radix.length; i++) {
            ObjectNode p = a.addObject();
            p.put("name", space.names().get(i));
            p.put("size", radix[i]);
        }
        return a;
    }

    // ---- snapshot helpers -------------------------------------------------------------------

    protected static JsonNode require(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new IllegalArgumentException("optimizer snapshot has no '" + field + "'");
        }
        return v;
    }

    protected static long requireLong(JsonNode node, String field) {
        JsonNode v = require(node, field);
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException("optimizer snapshot: '" + field + "' must be an integer, got " + v);
        }
        return v.longValue();
    }

    protected static int requireInt(JsonNode node, String field) {
        long v = requireLong(node, field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("optimizer snapshot: '" + field + "' is out of range: " + v);
        }
        return (int) v;
    }

    /** A double, with JSON null standing for NaN. */
    protected static double requireDouble(JsonNode node, String field) {
        JsonNode v = require(node, field);
        if (v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("optimizer snapshot: '" + field + "' must be a number, got " + v);
        }
        return v.doubleValue();
    }

    protected static ArrayNode requireArray(JsonNode node, String field) {
        JsonNode v = require(node, field);
        if (!v.isArray()) {
            throw new IllegalArgumentException("optimizer snapshot: '" + field + "' must be a list, got " + v);
        }
        return (ArrayNode) v;
    }

    /** Writes a double, NaN as JSON null. */
    protected static void putDouble(ObjectNode node, String field, double v) {
        if (Double.isNaN(v)) {
            node.putNull(field);
        } else {
            node.put(field, v);
        }
    }

    protected static ArrayNode pointJson(int[] point) {
        ArrayNode a = JSON.arrayNode();
        for (int v : point) {
            a.add(v);
        }
        return a;
    }

    /** Reads a point written by {@link #pointJson}, checking it against the space. */
    protected final int[] readPoint(JsonNode node, String what) {
        if (node == null || !node.isArray() || node.size() != radix.length) {
            throw new IllegalArgumentException("optimizer snapshot: " + what + " must be a list of "
                    + radix.length + " choice indices, got " + node);
        }
        int[] p = new int[radix.length];
        for (int i = 0; i < p.length; i++) {
            JsonNode e = node.get(i);
            if (!e.isIntegralNumber() || e.longValue() < 0 || e.longValue() >= radix[i]) {
                throw new IllegalArgumentException("optimizer snapshot: " + what + " entry " + i + " = " + e
                        + " is not a choice index in [0, " + radix[i] + ")");
            }
            p[i] = e.intValue();
        }
        return p;
    }
}

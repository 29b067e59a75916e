package org.modnas.core.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.modnas.core.arch.ArchSpace;

/**
 * Grid search ({@code GridSearchOptim}): every point in mixed-radix index order (0, 1, 2
 * ..., first param least significant), skipping points already observed. The cursor is a point
 * incremented digit by digit, so spaces larger than a long work too. Proposals carry generation 0.
 */
public final class GridSearchOptim extends AbstractDiscreteOptimizer {
    public static final String NAME = "GridSearchOptim";

    private final int[] cursor;
    private boolean cursorDone;

    /** The seed is accepted for a uniform construction but grid order does not use randomness. */
    public GridSearchOptim(ArchSpace space, long seed) {
        super(space, seed);
        this.cursor = new int[space.dimension()];
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
        while (out.size() < n && !cursorDone) {
            if (visited.add(cursor)) {
                out.add(proposal(cursor.clone(), 0));
            }
            advance();
        }
        return out;
    }

    private void advance() {
        for (int i = 0; i < cursor.length; i++) {
            if (++cursor[i] < radix(i)) {
                return;
            }
            cursor[i] = 0;
        }
        cursorDone = true;
    }

    @Override
    protected void onResult(int[] point, double score) {
        // grid order does not depend on results
    }

    @Override
    protected void writeState(ObjectNode node) {
        node.set("cursor", pointJson(cursor));
        node.put("cursor_done", cursorDone);
    }

    @Override
    protected void readState(ObjectNode node) {
        int[] c = readPoint(node.get("cursor"), "'cursor'");
        System.arraycopy(c, 0, cursor, 0, c.length);
        cursorDone = require(node, "cursor_done").asBoolean();
    }
}

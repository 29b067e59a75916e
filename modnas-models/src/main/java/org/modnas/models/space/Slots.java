package org.modnas.models.space;

import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Depth-first traversal of a model's Slots and mixed ops, in the one order every constructor and exporter uses. */
public final class Slots {
    private Slots() {
    }

    /** Every Slot of {@code model}, depth-first in child order (a slot before the slots inside what it was built as). */
    public static List<Slot> of(Block model) {
        List<Slot> out = new ArrayList<>();
        walk(model, out, Slot.class);
        return out;
    }

    /** Every mixed op of {@code model}, depth-first in child order. */
    public static List<MixedOp> mixedOps(Block model) {
        List<MixedOp> out = new ArrayList<>();
        walk(model, out, MixedOp.class);
        return out;
    }

    private static <T> void walk(Block b, List<T> out, Class<T> type) {
        if (type.isInstance(b)) {
            out.add(type.cast(b));
        }
        for (Pair<String, Block> child : b.getChildren()) {
            walk(child.getValue(), out, type);
        }
    }

    /**
     * Names unnamed slots {@code slot.<i>} by position and checks names are unique; the same model
     * always gets the same names.
     */
    public static List<Slot> nameAll(Block model) {
        List<Slot> slots = of(model);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            if (s.name() == null) {
                s.assignName("slot." + i);
            }
            Integer prev = seen.putIfAbsent(s.name(), i);
            if (prev != null) {
                throw new IllegalArgumentException("two slots are named '" + s.name() + "' (positions " + prev + " and " + i
                        + "); slot names must be unique");
            }
        }
        return slots;
    }

    /** The choices of a built slot: a mixed op's candidates, or the one primitive it was built as. */
    public static List<String> choices(Slot slot) {
        if (!slot.isBuilt()) {
            throw new IllegalStateException(slot.describe() + " is not built, so it has no choices");
        }
        if (slot.entity() instanceof MixedOp op) {
            return op.candidateNames();
        }
        if (slot.entity() instanceof org.modnas.models.elastic.ElasticMBConv b) {
            return b.primitives();
        }
        return List.of(slot.builtAs());
    }
}

package com.example.nas;

import ai.djl.nn.Block;
import java.util.List;
import org.modnas.models.space.BuildContext;
import org.modnas.models.space.Constructor;
import org.modnas.models.space.Primitives;
import org.modnas.models.space.Slot;
import org.modnas.models.space.Slots;

/**
 * A constructor that pins slots: it builds the named slots as one fixed primitive, so the
 * constructors after it in the chain (the mixed ops) search only the others. Write it in both
 * {@code construct} and {@code desc_construct} so a retrained network has the same pinned blocks.
 */
public final class PinSlotsConstructor implements Constructor {
    private final List<String> slots;
    private final String op;

    public PinSlotsConstructor(List<String> slots, String op) {
        this.slots = List.copyOf(slots);
        this.op = op;
    }

    @Override
    public Block construct(Block model, BuildContext ctx) {
        String name = Primitives.canonicalName(ctx.registry(), op);
        List<Slot> all = Slots.of(model);
        for (String wanted : slots) {
            Slot slot = all.stream().filter(s -> s.name().equals(wanted)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("PinSlotsConstructor: no slot '" + wanted + "'; the model's slots: "
                            + all.stream().map(Slot::name).toList()));
            if (!slot.isBuilt()) {
                slot.build(Primitives.build(ctx.registry(), name, slot), name);
            }
        }
        return model;
    }
}

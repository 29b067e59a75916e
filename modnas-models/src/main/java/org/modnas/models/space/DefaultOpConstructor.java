package org.modnas.models.space;

import ai.djl.nn.Block;

/** Builds every unbuilt Slot as the one given primitive ({@code op}). */
public final class DefaultOpConstructor implements Constructor {
    private final String op;

    public DefaultOpConstructor(String op) {
        if (op == null || op.isBlank()) {
            throw new IllegalArgumentException("DefaultOpConstructor needs 'op', a primitive name such as MB3E6");
        }
        this.op = op;
    }

    @Override
    public Block construct(Block model, BuildContext ctx) {
        String name = Primitives.canonicalName(ctx.registry(), op);
        for (Slot slot : Slots.of(model)) {
            if (!slot.isBuilt()) {
                slot.build(Primitives.build(ctx.registry(), name, slot), name);
            }
        }
        return model;
    }
}

package org.modnas.models.space;

import ai.djl.nn.Block;
import java.util.List;
import org.modnas.core.registry.Names;

/**
 * Builds every unbuilt Slot as the one given primitive ({@code op}), or only the slots named in
 * {@code slots}: written before a mixed op, it fixes those slots and leaves the others to the search.
 */
public final class DefaultOpConstructor implements Constructor {
    private final String op;
    private final List<String> slots;

    public DefaultOpConstructor(String op) {
        this(op, List.of());
    }

    /** @param slots the names of the slots to build; empty: every unbuilt slot */
    public DefaultOpConstructor(String op, List<String> slots) {
        if (op == null || op.isBlank()) {
            throw new IllegalArgumentException("DefaultOpConstructor needs 'op', a primitive name such as MB3E6");
        }
        this.op = op;
        this.slots = List.copyOf(slots);
    }

    @Override
    public Block construct(Block model, BuildContext ctx) {
        String name = Primitives.canonicalName(ctx.registry(), op);
        List<Slot> all = Slots.of(model);
        List<String> names = all.stream().map(Slot::name).toList();
        for (String wanted : slots) {
            if (!names.contains(wanted)) {
                throw new IllegalArgumentException("DefaultOpConstructor: no slot '" + wanted + "'"
                        + (Names.closest(wanted, names) == null ? "" : "; did you mean '" + Names.closest(wanted, names) + "'?")
                        + " The model's slots: " + names);
            }
        }
        for (Slot slot : all) {
            if (!slot.isBuilt() && (slots.isEmpty() || slots.contains(slot.name()))) {
                slot.build(Primitives.build(ctx.registry(), name, slot), name);
            }
        }
        return model;
    }
}

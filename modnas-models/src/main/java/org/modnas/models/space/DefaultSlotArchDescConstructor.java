package org.modnas.models.space;

import ai.djl.nn.Block;
import java.util.List;
import org.modnas.core.arch.ArchDescException;

/**
 * Walks the Slots in order and builds each from the next entry of an arch desc: the
 * constructor's own {@code arch_desc}, else the build's ({@code search_space.arch_desc}). The desc
 * has one entry per slot (the slot-traversal export); an entry is a primitive name, or null (or the
 * same name) for a slot an earlier constructor already built. A desc that does not fit — wrong length, unknown
 * primitive, NIL where chnIn ≠ chnOut — fails naming the slot.
 */
public final class DefaultSlotArchDescConstructor implements Constructor {
    private final Object archDesc;

    /** @param archDesc the desc, or null to use the build's */
    public DefaultSlotArchDescConstructor(Object archDesc) {
        this.archDesc = archDesc;
    }

    @Override
    public Block construct(Block model, BuildContext ctx) {
        Object raw = archDesc != null ? archDesc : ctx.archDesc();
        if (raw == null) {
            throw new ArchDescException("DefaultSlotArchDescConstructor has no arch desc: set search_space.arch_desc"
                    + " (a list, an object or a desc file) or the constructor's arch_desc");
        }
        List<Slot> slots = Slots.of(model);
        List<Object> entries = ArchDescs.perSlot(raw, slots);
        for (int i = 0; i < slots.size(); i++) {
            buildSlot(slots.get(i), i, entries.get(i), ctx);
        }
        return model;
    }

    /**
     * Builds {@code slot} from its desc entry (a primitive name; null, or the name it was built as, for a
     * slot already built); errors name the slot.
     */
    public static void buildSlot(Slot slot, int position, Object entry, BuildContext ctx) {
        String where = "arch desc entry " + position + " for " + slot.describe();
        if (entry == null) {
            if (!slot.isBuilt()) {
                throw new ArchDescException(where + " is null, but no earlier constructor built the slot");
            }
            return;
        }
        if (!(entry instanceof String name)) {
            throw new ArchDescException(where + " must be a primitive name, got " + entry);
        }
        String canonical;
        try {
            canonical = Primitives.canonicalName(ctx.registry(), name);
        } catch (IllegalArgumentException e) {
            throw new ArchDescException(where + ": " + e.getMessage());
        }
        if (slot.isBuilt()) {
            if (canonical.equals(slot.builtAs())) {
                return; // the desc of a built network names what an earlier constructor built
            }
            throw new ArchDescException(where + ": the slot is already built as " + slot.builtAs() + "; use null to keep it");
        }
        String illegal = Primitives.illegalReason(canonical, slot);
        if (illegal != null) {
            throw new ArchDescException(where + ": " + illegal);
        }
        try {
            slot.build(Primitives.build(ctx.registry(), canonical, slot), canonical);
        } catch (IllegalArgumentException e) {
            throw new ArchDescException(where + ": " + e.getMessage());
        }
    }
}

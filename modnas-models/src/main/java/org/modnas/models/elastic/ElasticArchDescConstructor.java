package org.modnas.models.elastic;

import ai.djl.nn.Block;
import java.util.List;
import org.modnas.core.arch.ArchDescException;
import org.modnas.models.space.ArchDescs;
import org.modnas.models.space.BuildContext;
import org.modnas.models.space.Constructor;
import org.modnas.models.space.DefaultSlotArchDescConstructor;
import org.modnas.models.space.Primitives;
import org.modnas.models.space.Slot;
import org.modnas.models.space.Slots;

/**
 * Builds a MobileNetV2 from a desc in the elastic layout ({@link ElasticArchDescExporter}): each
 * Slot from its entry, a primitive name or {@code NIL}; a {@code null} entry builds the published
 * block ({@code MB3E<t>}) unless an earlier constructor built the slot. The network it builds is the
 * elastic subnet as a plain network, with exactly its params and MACs. Registered as
 * {@code MobileNetV2ArchDescConstructor}, the original's name.
 */
public final class ElasticArchDescConstructor implements Constructor {
    /** Registered name. */
    public static final String NAME = "MobileNetV2ArchDescConstructor";

    private final Object archDesc;

    /** @param archDesc the desc, or null to use the build's */
    public ElasticArchDescConstructor(Object archDesc) {
        this.archDesc = archDesc;
    }

    @Override
    public Block construct(Block model, BuildContext ctx) {
        Object raw = archDesc != null ? archDesc : ctx.archDesc();
        if (raw == null) {
            throw new ArchDescException(NAME + " has no arch desc: set search_space.arch_desc (a list in the elastic layout,"
                    + " or a desc file) or the constructor's arch_desc");
        }
        List<Slot> slots = Slots.of(model);
        List<Object> entries = ArchDescs.perSlot(raw, slots);
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            Object entry = entries.get(i);
            if (entry == null && !s.isBuilt()) {
                entry = "MB3E" + s.intArg("expansion", 1);
                s.build(Primitives.build(ctx.registry(), (String) entry, s), (String) entry);
                continue;
            }
            DefaultSlotArchDescConstructor.buildSlot(s, i, entry, ctx);
        }
        return model;
    }
}

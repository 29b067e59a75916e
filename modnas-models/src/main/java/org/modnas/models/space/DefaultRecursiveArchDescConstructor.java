package org.modnas.models.space;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modnas.core.arch.ArchDescException;
import org.modnas.core.registry.Names;

/**
 * Walks the model depth-first and builds each Slot from its part of a nested arch desc keyed by
 * module name: a slot named {@code blocks.3.conv} takes
 * {@code desc.blocks["3"].conv} (lists index by position). Every slot needs an entry (null keeps a
 * slot an earlier constructor built); entries naming no slot are an error.
 */
public final class DefaultRecursiveArchDescConstructor implements Constructor {
    private final Object archDesc;

    public DefaultRecursiveArchDescConstructor(Object archDesc) {
        this.archDesc = archDesc;
    }

    @Override
    public Block construct(Block model, BuildContext ctx) {
        Object raw = archDesc != null ? archDesc : ctx.archDesc();
        if (raw == null) {
            throw new ArchDescException("DefaultRecursiveArchDescConstructor has no arch desc: set search_space.arch_desc"
                    + " or the constructor's arch_desc");
        }
        Object loaded = ArchDescs.load(raw);
        if (loaded instanceof org.modnas.core.arch.ArchDesc ad) {
            loaded = ad.asMap();
        }
        if (!(loaded instanceof Map<?, ?>)) {
            throw new ArchDescException("DefaultRecursiveArchDescConstructor needs a nested object keyed by module name, got a list;"
                    + " use DefaultSlotArchDescConstructor for a list");
        }
        Map<String, Object> flat = new LinkedHashMap<>(ArchDescs.flatten(loaded));
        List<Slot> slots = Slots.of(model);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            names.add(s.name());
            if (!flat.containsKey(s.name())) {
                throw new ArchDescException("arch desc has no entry for " + s.describe());
            }
            DefaultSlotArchDescConstructor.buildSlot(s, i, flat.remove(s.name()), ctx);
        }
        if (!flat.isEmpty()) {
            String k = flat.keySet().iterator().next();
            String near = Names.closest(k, names);
            throw new ArchDescException("arch desc names unknown module path '" + k + "'"
                    + (near == null ? "" : "; did you mean '" + near + "'?"));
        }
        return model;
    }
}

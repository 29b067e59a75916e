package org.modnas.models.elastic;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.export.Exporter;
import org.modnas.core.registry.Registry;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Slot;
import org.modnas.models.space.Spaces;

/**
 * Exports an elastic subnet in the original's MobileNetV2 layout: one entry per block, {@code null}
 * for the fixed first block, {@code MB{k}E{e}} for a block that runs (its kernel and expansion) and
 * {@code NIL} for a block its stage's depth drops. {@code MobileNetV2ArchDescConstructor} (or
 * {@code DefaultSlotArchDescConstructor} after the predefined first block) builds it back as a plain
 * network. Registered as {@code MobileNetV2ElasticArchDescExporter}; it reads the block layout from
 * the run's {@code search_space}.
 */
public final class ElasticArchDescExporter implements Exporter {
    /** Registered name. */
    public static final String NAME = "MobileNetV2ElasticArchDescExporter";

    private final Config searchSpace;
    private final String file;
    private final boolean fixFirst;
    private SearchSpace space;

    public ElasticArchDescExporter(Config searchSpace, String file, boolean fixFirst) {
        this.searchSpace = searchSpace;
        this.file = file;
        this.fixFirst = fixFirst;
    }

    private synchronized SearchSpace space() {
        if (space == null) {
            space = Spaces.build(searchSpace, Registry.global(), 0);
            if (ElasticSpace.of(space.slots()) == null) {
                throw new IllegalArgumentException(NAME + " needs an elastic search space (MobileNetV2ElasticConstructor "
                        + "in search_space.construct)");
            }
        }
        return space;
    }

    @Override
    public List<Object> export(ArchDesc desc) {
        SearchSpace s = space();
        ElasticSpace elastic = ElasticSpace.of(s.slots());
        elastic.apply(elastic.setting(desc));
        List<Object> out = new ArrayList<>();
        for (Slot slot : s.slots()) {
            if (slot.entity() instanceof ElasticMBConv b) {
                out.add(b.primitive());
            } else {
                out.add(fixFirst && out.isEmpty() ? null : slot.builtAs());
            }
        }
        return out;
    }

    @Override
    public String file() {
        return file;
    }
}

package org.modnas.core.export;

import java.util.List;
import org.modnas.core.arch.ArchDesc;

/**
 * The default exporter: a list with one entry per param (per Slot, for slot-based
 * spaces), in space order, e.g. {@code ["MB5E6", "MB3E3", "NIL"]}. Read back positionally.
 */
public final class DefaultSlotTraversalExporter implements Exporter {
    private final String file;

    public DefaultSlotTraversalExporter(String file) {
        this.file = file;
    }

    @Override
    public List<Object> export(ArchDesc desc) {
        return desc.values();
    }

    @Override
    public String file() {
        return file;
    }
}

package org.modnas.core.export;

import java.util.Map;
import org.modnas.core.arch.ArchDesc;

/** Exports a desc as a flat map param name → value, in space order. Read back by name. */
public final class DefaultParamsExporter implements Exporter {
    private final String file;

    public DefaultParamsExporter(String file) {
        this.file = file;
    }

    @Override
    public Map<String, Object> export(ArchDesc desc) {
        return desc.asMap();
    }

    @Override
    public String file() {
        return file;
    }
}

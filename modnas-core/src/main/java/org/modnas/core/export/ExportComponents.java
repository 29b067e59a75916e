package org.modnas.core.export;

import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;

/**
 * Registers the exporters under the names of the original (which the design document
 * uses too; matching ignores case and underscores) and the config slot {@code search.export.*}.
 */
public final class ExportComponents implements ComponentProvider {
    private static final String ARGS = "file = null";

    @Override
    public void register(Registry registry) {
        registry.registerSlot("search.export.*", Exporter.KIND);
        registry.register(ComponentSpec.builder(Exporter.KIND, "DefaultSlotTraversalExporter")
                .defaults(ARGS)
                .description("a list with one entry per slot, in order")
                .factory(a -> new DefaultSlotTraversalExporter(file(a.config()))));
        registry.register(ComponentSpec.builder(Exporter.KIND, "DefaultRecursiveExporter")
                .defaults(ARGS)
                .description("nested maps by module name")
                .factory(a -> new DefaultRecursiveExporter(file(a.config()))));
        registry.register(ComponentSpec.builder(Exporter.KIND, "DefaultParamsExporter")
                .defaults(ARGS)
                .description("a map param name -> value")
                .factory(a -> new DefaultParamsExporter(file(a.config()))));
    }

    private static String file(com.typesafe.config.Config args) {
        return args.getIsNull("file") ? null : args.getString("file");
    }
}

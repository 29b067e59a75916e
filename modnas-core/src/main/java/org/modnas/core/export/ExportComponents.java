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

    /** The {@code file} argument: a plain file name whose extension has a writer, or null. */
    private static String file(com.typesafe.config.Config args) {
        if (args.getIsNull("file")) {
            return null;
        }
        String file = args.getString("file");
        if (file.isBlank() || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
            throw new IllegalArgumentException("file = '" + file + "' must be a plain file name: it is written under "
                    + "the run's outputs/ folder");
        }
        try {
            DescFiles.Format.of(java.nio.file.Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("file = '" + file + "': no writer for its extension; use .yaml, .yml, "
                    + ".json or .conf", e);
        }
        return file;
    }
}

package org.modnas.core.export;

import java.util.LinkedHashMap;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;

/**
 * Exports a desc nested by module name: param names are dotted module paths such as
 * {@code features.3.conv}, so {@code features.3.conv = MB3E6} becomes
 * {@code {features: {"3": {conv: MB3E6}}}}. Reading it back joins the keys with {@code .} again.
 */
public final class DefaultRecursiveExporter implements Exporter {
    private final String file;

    public DefaultRecursiveExporter(String file) {
        this.file = file;
    }

    @Override
    public Map<String, Object> export(ArchDesc desc) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (int i = 0; i < desc.size(); i++) {
            String name = desc.names().get(i);
            String[] parts = name.split("\\.", -1);
            Map<String, Object> node = root;
            for (int j = 0; j < parts.length - 1; j++) {
                Object child = node.computeIfAbsent(parts[j], k -> new LinkedHashMap<String, Object>());
                if (!(child instanceof Map<?, ?>)) {
                    throw conflict(name, String.join(".", java.util.Arrays.copyOf(parts, j + 1)));
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) child;
                node = m;
            }
            String leaf = parts[parts.length - 1];
            if (node.containsKey(leaf)) {
                throw conflict(name, name);
            }
            node.put(leaf, desc.value(i));
        }
        return root;
    }

    private static IllegalArgumentException conflict(String name, String module) {
        return new IllegalArgumentException("param '" + name + "' cannot be nested: '" + module
                + "' is both a param and a module holding params");
    }

    @Override
    public String file() {
        return file;
    }
}

package org.modnas.core.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modnas.core.registry.Kind;

/**
 * The registry's component slots as path patterns: {@code search.optim} holds one optimizer,
 * {@code search.estim.*} holds any number of named estimators. A {@code *} matches one key.
 */
final class ComponentSlots {
    private record Slot(List<String> segments, Kind<?> kind) {
    }

    private final List<Slot> slots = new ArrayList<>();

    ComponentSlots(Map<String, Kind<?>> patterns) {
        for (Map.Entry<String, Kind<?>> e : patterns.entrySet()) {
            // slot patterns are plain dotted keys; '*' is no HOCON path token, so split by hand
            slots.add(new Slot(List.of(e.getKey().split("\\.", -1)), e.getValue()));
        }
    }

    /** True when {@code path} is a component section or lies inside one. */
    boolean insideSection(List<String> path) {
        for (Slot s : slots) {
            if (s.segments.size() <= path.size() && matches(s.segments, path, s.segments.size())) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code path} leads to component sections, e.g. {@code search} or {@code search.estim}. */
    boolean leadsToSection(List<String> path) {
        for (Slot s : slots) {
            if (s.segments.size() > path.size() && matches(s.segments, path, path.size())) {
                return true;
            }
        }
        return false;
    }

    /** The slot keys that may appear under {@code parent} (for suggestions); {@code *} left out. */
    List<String> keysUnder(List<String> parent) {
        List<String> keys = new ArrayList<>();
        for (Slot s : slots) {
            if (s.segments.size() > parent.size() && matches(s.segments, parent, parent.size())) {
                String k = s.segments.get(parent.size());
                if (!"*".equals(k)) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }

    /** Every component section present in {@code root}, path → kind, in slot order. */
    Map<List<String>, Kind<?>> sections(ConfigObject root) {
        Map<List<String>, Kind<?>> found = new LinkedHashMap<>();
        for (Slot s : slots) {
            expand(root, s, 0, new ArrayList<>(), found);
        }
        return found;
    }

    private static void expand(ConfigValue here, Slot s, int depth, List<String> path, Map<List<String>, Kind<?>> out) {
        if (depth == s.segments.size()) {
            out.putIfAbsent(List.copyOf(path), s.kind);
            return;
        }
        if (!(here instanceof ConfigObject obj)) {
            return;
        }
        String seg = s.segments.get(depth);
        for (String key : "*".equals(seg) ? obj.keySet() : List.of(seg)) {
            ConfigValue child = obj.get(key);
            if (child != null) {
                path.add(key);
                expand(child, s, depth + 1, path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    private static boolean matches(List<String> pattern, List<String> path, int n) {
        for (int i = 0; i < n; i++) {
            String p = pattern.get(i);
            if (!"*".equals(p) && !p.equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }
}

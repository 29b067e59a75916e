package org.modnas.models.space;

import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.export.DescFiles;
import org.modnas.core.arch.ArchDescException;
import org.modnas.core.registry.Names;

/**
 * Reads the arch desc a desc constructor is given into one entry per slot: an
 * {@link ArchDesc}, a list (one entry per slot, in slot order; one-element lists unwrapped), a map
 * slot name → entry, or a file path ({@code .json}, {@code .yaml}/{@code .yml}, {@code .conf})
 * holding one of those.
 */
public final class ArchDescs {

    private ArchDescs() {
    }

    /** The desc as a plain list or map (files read, config values unwrapped). */
    public static Object load(Object raw) {
        if (raw instanceof ConfigValue v) {
            return load(v.unwrapped());
        }
        if (raw instanceof ArchDesc || raw instanceof List<?> || raw instanceof Map<?, ?>) {
            return raw;
        }
        if (raw instanceof String s) {
            return read(Path.of(s));
        }
        if (raw instanceof Path p) {
            return read(p);
        }
        throw new ArchDescException("arch desc must be a list, an object or a file path, got "
                + (raw == null ? "nothing" : raw.getClass().getSimpleName()));
    }

    /** Reads a desc file in the format its extension names (the one desc file reader, {@link DescFiles}). */
    public static Object read(Path file) {
        return DescFiles.readValue(file);
    }

    /**
     * One entry per slot, in slot order. A list has one entry per slot, or one per slot left to build
     * (a slot an earlier constructor built gets null); a map or an
     * {@link ArchDesc} keyed by slot names must name nothing else, and every slot but those an earlier
     * constructor built (their entry is null: a searched desc does not name pinned slots). An
     * ArchDesc with other names is read by position.
     */
    public static List<Object> perSlot(Object raw, List<Slot> slots) {
        Object d = load(raw);
        List<String> names = slots.stream().map(Slot::name).toList();
        if (d instanceof ArchDesc ad) {
            // by name when it names slots (those it leaves out must be built already), else by position
            d = new HashSet<>(names).containsAll(ad.names()) ? ad.asMap() : ad.values();
        }
        List<Object> out = new ArrayList<>();
        if (d instanceof List<?> list) {
            long unbuilt = slots.stream().filter(sl -> !sl.isBuilt()).count();
            if (list.size() == slots.size()) {
                for (Object o : list) {
                    out.add(unwrap(o));
                }
                return out;
            }
            if (list.size() == unbuilt) {
                // the entries of the slots left to build, as a search over them exports it
                Iterator<?> it = list.iterator();
                for (Slot sl : slots) {
                    out.add(sl.isBuilt() ? null : unwrap(it.next()));
                }
                return out;
            }
            String first = list.size() < slots.size() ? "; first slot without an entry: '" + names.get(list.size()) + "'"
                    : "; the extra entries start at position " + slots.size();
            throw new ArchDescException("arch desc has " + list.size() + " entries, the model has " + slots.size()
                    + " slots" + (unbuilt < slots.size() ? " (" + unbuilt + " of them left to build)" : "") + first);
        }
        Map<?, ?> map = (Map<?, ?>) d;
        Set<String> known = new HashSet<>(names);
        for (Object k : map.keySet()) {
            if (!known.contains(String.valueOf(k))) {
                String near = Names.closest(String.valueOf(k), names);
                throw new ArchDescException("arch desc names unknown slot '" + k + "'"
                        + (near == null ? "" : "; did you mean '" + near + "'?") + " The model's slots: " + names);
            }
        }
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (!map.containsKey(n) && !slots.get(i).isBuilt()) {
                throw new ArchDescException("arch desc has no entry for slot '" + n + "'");
            }
            out.add(map.containsKey(n) ? unwrap(map.get(n)) : null);
        }
        return out;
    }

    /** Flattens a nested desc (maps and lists by module name) to dotted paths → entries. */
    public static Map<String, Object> flatten(Object nested) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", load(nested), out);
        return out;
    }

    private static void flatten(String prefix, Object v, Map<String, Object> out) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (v instanceof List<?> l && !(l.size() == 1 && !(l.get(0) instanceof Map<?, ?>) && !prefix.isEmpty())) {
            for (int i = 0; i < l.size(); i++) {
                flatten(prefix.isEmpty() ? String.valueOf(i) : prefix + "." + i, l.get(i), out);
            }
        } else {
            out.put(prefix, unwrap(v));
        }
    }

    /** Nests slot-name → entry pairs by the dots of the names (the recursive export). */
    public static Map<String, Object> nest(Map<String, Object> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Map<String, Object> cur = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Object next = cur.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
                if (!(next instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException("slot names '" + e.getKey() + "' and a shorter one collide when nested");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) next;
                cur = m;
            }
            cur.put(parts[parts.length - 1], e.getValue());
        }
        return root;
    }

    static Object unwrap(Object v) {
        while (v instanceof List<?> l && l.size() == 1) {
            v = l.get(0);
        }
        return v;
    }
}

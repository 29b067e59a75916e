package org.modnas.core.arch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable description of one architecture: the ordered assignment param → value.
 * Its canonical JSON is an object with the params in space order; its content hash (the first 16
 * hex digits of the SHA-256 of that JSON) is the candidate id. This is what crosses the wire to
 * executors and what the candidates table stores.
 */
public final class ArchDesc implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> names;
    private final Object[] values;
    private transient String json;
    private transient String hash;

    ArchDesc(List<String> names, Object[] values) {
        this.names = names;
        this.values = values;
    }

    /** A desc from names and values as given (canonicalised, not checked against a space). */
    public static ArchDesc of(List<String> names, List<?> values) {
        if (names.size() != values.size()) {
            throw new IllegalArgumentException("arch desc has " + names.size() + " names but " + values.size() + " values");
        }
        Object[] vs = new Object[values.size()];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = JsonScalars.canonical(values.get(i), "arch desc entry " + i + " (param '" + names.get(i) + "')");
        }
        List<String> ns = List.copyOf(names);
        if (new java.util.HashSet<>(ns).size() != ns.size()) {
            throw new IllegalArgumentException("arch desc names a param twice: " + ns);
        }
        return new ArchDesc(ns, vs);
    }

    /** A desc of {@code space} from one value per param, in order; each value is checked. */
    public static ArchDesc of(ArchSpace space, List<?> values) {
        if (values.size() != space.dimension()) {
            throw new ArchDescException("arch desc has " + values.size() + " entries, the space has "
                    + space.dimension() + " params " + space.names());
        }
        Object[] vs = new Object[values.size()];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = checkEntry(space, i, unwrap(values.get(i)));
        }
        return new ArchDesc(space.names(), vs);
    }

    /** A desc of {@code space} from a map param name → value; every param must be present. */
    public static ArchDesc of(ArchSpace space, Map<String, ?> byName) {
        for (String k : byName.keySet()) {
            if (space.position(k) < 0) {
                throw new ArchDescException("arch desc names unknown param '" + k + "'; the space's params are " + space.names());
            }
        }
        Object[] vs = new Object[space.dimension()];
        for (int i = 0; i < vs.length; i++) {
            String n = space.names().get(i);
            if (!byName.containsKey(n)) {
                throw new ArchDescException("arch desc entry " + i + " (param '" + n + "') is missing");
            }
            vs[i] = checkEntry(space, i, unwrap(byName.get(n)));
        }
        return new ArchDesc(space.names(), vs);
    }

    /**
     * Reads a desc of {@code space} from JSON: a list with one entry per param (one-element lists
     * are unwrapped, as the original's exports have them) or an object param name → value.
     * Unknown choices, wrong lengths and unknown names fail with the position.
     */
    public static ArchDesc parse(ArchSpace space, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ArchDescException("arch desc is not valid JSON: " + e.getOriginalMessage());
        }
        return fromJson(space, node);
    }

    /** As {@link #parse(ArchSpace, String)}, from a parsed JSON tree. */
    public static ArchDesc fromJson(ArchSpace space, JsonNode node) {
        if (node == null) {
            throw new ArchDescException("arch desc is empty");
        }
        if (node.isArray()) {
            List<Object> vs = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                vs.add(scalarOf(node.get(i), i, i < space.dimension() ? space.names().get(i) : null));
            }
            return of(space, vs);
        }
        if (node.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                int pos = space.position(e.getKey());
                m.put(e.getKey(), scalarOf(e.getValue(), pos, e.getKey()));
            }
            return of(space, m);
        }
        throw new ArchDescException("arch desc must be a JSON list or object, got " + node.getNodeType().name().toLowerCase());
    }

    /** Reads a desc from its canonical JSON object without a space (names and values as written). */
    public static ArchDesc parseCanonical(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ArchDescException("arch desc is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ArchDescException("canonical arch desc must be a JSON object");
        }
        List<String> ns = new ArrayList<>();
        List<Object> vs = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        int i = 0;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            ns.add(e.getKey());
            vs.add(scalarOf(e.getValue(), i++, e.getKey()));
        }
        return of(ns, vs);
    }

    private static Object unwrap(Object v) {
        while (v instanceof List<?> l && l.size() == 1) {
            v = l.get(0);
        }
        return v;
    }

    private static Object scalarOf(JsonNode n, int pos, String name) {
        while (n.isArray() && n.size() == 1) {
            n = n.get(0);
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        throw new ArchDescException("arch desc entry " + pos + (name == null ? "" : " (param '" + name + "')")
                + " must be a string, number or boolean, got " + n);
    }

    private static Object checkEntry(ArchSpace space, int i, Object v) {
        if (v == null) {
            throw new ArchDescException("arch desc entry " + i + " (param '" + space.names().get(i) + "') is null");
        }
        try {
            return space.param(i).canonicalValue(v);
        } catch (IllegalArgumentException e) {
            throw new ArchDescException("arch desc entry " + i + " (param '" + space.names().get(i) + "'): " + e.getMessage());
        }
    }

    public List<String> names() {
        return names;
    }

    public int size() {
        return values.length;
    }

    public Object value(int position) {
        return values[position];
    }

    /** The value of a named param; throws when the desc has no such param. */
    public Object value(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("arch desc has no param '" + name + "'");
        }
        return values[i];
    }

    /** The values in param order. */
    public List<Object> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /** Param name → value, in order. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(names.get(i), values[i]);
        }
        return m;
    }

    /** The canonical JSON: an object with the params in order, no spaces. */
    public String toJson() {
        String j = json;
        if (j == null) {
            StringBuilder sb = new StringBuilder(16 + values.length * 24);
            sb.append('{');
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendString(sb, names.get(i));
                sb.append(':');
                Object v = values[i];
                if (v instanceof String s) {
                    appendString(sb, s);
                } else if (v instanceof Double d) {
                    sb.append(d.toString());
                } else {
                    sb.append(v);
                }
            }
            sb.append('}');
            json = j = sb.toString();
        }
        return j;
    }

    /** The content hash: 16 hex digits of the SHA-256 of the canonical JSON. */
    public String hash() {
        String h = hash;
        if (h == null) {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
                StringBuilder sb = new StringBuilder(16);
                for (int i = 0; i < 8; i++) {
                    sb.append(Character.forDigit((d[i] >> 4) & 0xF, 16)).append(Character.forDigit(d[i] & 0xF, 16));
                }
                hash = h = sb.toString();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }
        return h;
    }

    private static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArchDesc d && Arrays.equals(values, d.values) && names.equals(d.names);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + names.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}

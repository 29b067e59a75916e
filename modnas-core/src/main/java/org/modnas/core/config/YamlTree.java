package org.modnas.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into plain nodes that remember the line they were written on, so that the
 * messages of {@link VegaYamlReader} can name the line (Jackson's tree model drops locations).
 */
final class YamlTree {
    private static final YAMLFactory YAML = new YAMLFactory();

    /**
     * One YAML value: a {@code Map<String, Node>} (in written order), a {@code List<Node>}, or a
     * scalar ({@link String}, {@link Number}, {@link Boolean} or null).
     *
     * @param line the 1-based line of the key holding this value (of the item itself in a list)
     */
    record Node(Object value, int line) {
        boolean isMap() {
            return value instanceof Map;
        }

        boolean isList() {
            return value instanceof List;
        }

        boolean isScalar() {
            return !isMap() && !isList();
        }

        boolean isNull() {
            return value == null;
        }

        @SuppressWarnings("unchecked")
        Map<String, Node> map() {
            return (Map<String, Node>) value;
        }

        @SuppressWarnings("unchecked")
        List<Node> list() {
            return (List<Node>) value;
        }

        /** The value as plain Java objects (maps, lists, scalars), for comparisons and messages. */
        Object plain() {
            if (isMap()) {
                Map<String, Object> m = new LinkedHashMap<>();
                map().forEach((k, v) -> m.put(k, v.plain()));
                return m;
            }
            if (isList()) {
                List<Object> l = new ArrayList<>();
                list().forEach(v -> l.add(v.plain()));
                return l;
            }
            return value;
        }
    }

    /** A problem in the YAML text itself, with its line (or -1). */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private YamlTree() {
    }

    /** Parses one YAML document; an empty document is an empty map. Duplicate keys are an error. */
    static Node parse(String text) throws SyntaxError {
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new Node(new LinkedHashMap<String, Node>(), 1);
            }
            Node root = read(p, line(p.currentTokenLocation()));
            if (p.nextToken() != null) {
                throw new SyntaxError(line(p.currentTokenLocation()), "more than one YAML document; a config is one");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new SyntaxError(loc == null ? -1 : line(loc), e.getOriginalMessage().strip());
        } catch (IOException e) {
            throw new SyntaxError(-1, e.getMessage());
        }
    }

    private static Node read(JsonParser p, int line) throws IOException, SyntaxError {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p.currentTokenLocation());
                    p.nextToken();
                    Node v = read(p, keyLine);
                    if (m.containsKey(key)) {
                        throw new SyntaxError(keyLine, "key '" + key + "' written twice in one mapping (first at line "
                                + m.get(key).line() + ")");
                    }
                    m.put(key, v);
                }
                return new Node(m, line);
            }
            case START_ARRAY -> {
                List<Node> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p, line(p.currentTokenLocation())));
                }
                return new Node(l, line);
            }
            case VALUE_STRING -> {
                return new Node(p.getText(), line);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Node(p.getNumberValue(), line);
            }
            case VALUE_TRUE -> {
                return new Node(Boolean.TRUE, line);
            }
            case VALUE_FALSE -> {
                return new Node(Boolean.FALSE, line);
            }
            case VALUE_NULL -> {
                return new Node(null, line);
            }
            default -> throw new SyntaxError(line(p.currentTokenLocation()), "unsupported YAML value (" + t + ")");
        }
    }

    private static int line(JsonLocation loc) {
        return loc == null ? -1 : loc.getLineNr();
    }
}

package org.modnas.core.export;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchDescException;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.store.Location;

/**
 * Arch desc files: written in the format the extension names — {@code .yaml} /
 * {@code .yml} YAML, {@code .json} JSON, {@code .conf} HOCON (as {@code arch_desc = ...}, since a
 * HOCON document is an object) — and read back from any of them. (The original wrote JSON into
 * {@code .yaml} files; such files are still read, JSON being YAML.)
 *
 * <p>Reading accepts the shapes every exporter writes: a list is positional (one-element lists are
 * unwrapped, as the original exported them), a flat map is by param name, and nested maps are
 * flattened by joining keys with {@code .}. Every error names the file.
 */
public final class DescFiles {
    /** The key holding the desc in a {@code .conf} file. */
    public static final String CONF_KEY = "arch_desc";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());

    private DescFiles() {
    }

    /** The file formats, chosen by extension. */
    public enum Format {
        YAML, JSON, CONF;

        /** The format a file's extension names; anything else is an error naming the file. */
        public static Format of(Path file) {
            return of(Location.of(file));
        }

        /** The format a file's extension names; anything else is an error naming the file. */
        public static Format of(Location file) {
            String n = file.name().toLowerCase(Locale.ROOT);
            if (n.endsWith(".yaml") || n.endsWith(".yml")) {
                return YAML;
            }
            if (n.endsWith(".json")) {
                return JSON;
            }
            if (n.endsWith(".conf")) {
                return CONF;
            }
            throw new IllegalArgumentException(file + ": unknown arch desc file format; use .yaml, .yml, .json or .conf");
        }
    }

    /** Writes an exported value (lists, string-keyed maps, scalars) atomically in the file's format. */
    public static void write(Path file, Object value) {
        write(Location.of(file), value);
    }

    /** Writes an exported value atomically in the file's format, on any file system. */
    public static void write(Location file, Object value) {
        Format format = Format.of(file);
        String text;
        try {
            text = switch (format) {
                case YAML -> YAML.writeValueAsString(value);
                case JSON -> JSON.writeValueAsString(value) + "\n";
                case CONF -> ConfigFactory.empty().withValue(CONF_KEY, ConfigValueFactory.fromAnyRef(value))
                        .root().render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false)
                                .setJson(false).setFormatted(true));
            };
        } catch (JsonProcessingException | ConfigException e) {
            throw new IllegalArgumentException(file + ": cannot write arch desc as " + format + ": " + e.getMessage(), e);
        }
        file.write(text);
    }

    /** An exported value as the text of a {@code .yaml} desc file. */
    public static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write arch desc as YAML: " + e.getMessage(), e);
        }
    }

    /** Writes a desc as {@code exporter} shapes it. */
    public static void write(Path file, Exporter exporter, ArchDesc desc) {
        write(Location.of(file), exporter, desc);
    }

    /** Writes a desc as {@code exporter} shapes it, on any file system. */
    public static void write(Location file, Exporter exporter, ArchDesc desc) {
        write(file, exporter.export(desc));
    }

    /**
     * The value a desc file holds (lists, maps, scalars), unchecked.
     *
     * @throws ArchDescException naming the file when it is missing, unreadable, empty or not parsable
     */
    public static Object readValue(Path file) {
        return readValue(Location.of(file));
    }

    /** The value a desc file on any file system holds; see {@link #readValue(Path)}. */
    public static Object readValue(Location file) {
        Format format = formatForReading(file);
        if (format == Format.CONF) {
            return readConf(file);
        }
        Object value;
        try {
            byte[] bytes = file.readBytes();
            if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                throw new ArchDescException(file + ": arch desc file is empty");
            }
            value = (format == Format.JSON ? JSON : YAML).readValue(bytes, Object.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new ArchDescException(file + ": arch desc file not found");
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new ArchDescException(file + (loc != null && loc.getLineNr() > 0 ? ":" + loc.getLineNr() : "")
                    + ": not valid " + format + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ArchDescException(file + ": cannot read arch desc file: " + e.getMessage());
        }
        if (value == null) {
            throw new ArchDescException(file + ": arch desc file is empty");
        }
        return value;
    }

    /**
     * Reads a desc of {@code space} from a file of any format and shape (see the class comment).
     *
     * @throws ArchDescException naming the file and, for a desc that does not fit, the position
     */
    public static ArchDesc read(Path file, ArchSpace space) {
        return read(Location.of(file), space);
    }

    /** Reads a desc of {@code space} from a file on any file system. */
    public static ArchDesc read(Location file, ArchSpace space) {
        return fromValue(space, readValue(file), file.toString());
    }

    /**
     * A desc of {@code space} from an exported value: a list (positional), a flat map (by name) or
     * nested maps (keys joined with {@code .}).
     *
     * @param where names the value's source in messages, e.g. a file name
     */
    public static ArchDesc fromValue(ArchSpace space, Object value, String where) {
        try {
            if (value instanceof List<?> list) {
                return ArchDesc.of(space, list);
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> flat = new LinkedHashMap<>();
                flatten("", map, flat);
                return ArchDesc.of(space, flat);
            }
        } catch (ArchDescException e) {
            throw new ArchDescException(where + ": " + e.getMessage());
        }
        throw new ArchDescException(where + ": arch desc must be a list or a map, got "
                + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child) {
                flatten(key + ".", child, out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }

    private static Format formatForReading(Location file) {
        try {
            return Format.of(file);
        } catch (IllegalArgumentException e) {
            throw new ArchDescException(e.getMessage());
        }
    }

    private static Object readConf(Location file) {
        if (!exists(file)) {
            throw new ArchDescException(file + ": arch desc file not found");
        }
        ConfigObject root;
        try {
            String text = file.readString();
            // a HOCON document is an object; a hand-written file may hold just the list of entries
            String doc = text.strip().startsWith("[") ? CONF_KEY + " = " + text : text;
            root = ConfigFactory.parseString(doc, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setOriginDescription(file.toString())).resolve().root();
        } catch (java.io.IOException e) {
            throw new ArchDescException(file + ": cannot read (" + e.getMessage() + ")");
        } catch (ConfigException e) {
            String where = e.origin() != null && e.origin().lineNumber() > 0 ? file + ":" + e.origin().lineNumber() : file.toString();
            String msg = e.getMessage();
            int cut = e.origin() == null ? -1 : msg.indexOf(e.origin().description() + ": ");
            if (cut == 0) {
                msg = msg.substring(e.origin().description().length() + 2);
            }
            throw new ArchDescException(where + ": not valid HOCON: " + msg);
        }
        if (root.isEmpty()) {
            throw new ArchDescException(file + ": arch desc file is empty");
        }
        // a file we wrote holds the desc under one key; a hand-written one may be the map itself
        return root.size() == 1 && root.containsKey(CONF_KEY) ? root.get(CONF_KEY).unwrapped() : root.unwrapped();
    }

    private static boolean exists(Location file) {
        try {
            return file.isFile();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

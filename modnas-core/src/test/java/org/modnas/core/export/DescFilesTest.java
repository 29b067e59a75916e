package org.modnas.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchDescException;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.arch.Categorical;
import org.modnas.core.arch.Numeric;

class DescFilesTest {
    private static final ArchSpace SPACE = ArchSpace.of(
            Categorical.of("features.1.conv", "MB3E3", "MB5E6", "NIL"),
            Categorical.of("features.2.conv", "MB3E3", "MB5E6", "NIL"),
            Categorical.of("stage.depth", 1, 2, 3),
            Categorical.of("odd", "yes", "null", "1.5", true),
            Numeric.ofDouble("width", 0.25, 1.0));
    private static final ArchDesc DESC = ArchDesc.of(SPACE, List.of("MB5E6", "NIL", 3, "null", 0.5));

    @TempDir
    Path dir;

    static Stream<Arguments> exportersAndFormats() {
        List<Arguments> all = new ArrayList<>();
        for (Exporter e : List.of(new DefaultSlotTraversalExporter(null), new DefaultRecursiveExporter(null),
                new DefaultParamsExporter(null))) {
            for (String ext : List.of("yaml", "yml", "json", "conf")) {
                all.add(Arguments.of(e, ext));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} as .{1}")
    @MethodSource("exportersAndFormats")
    void readsBackTheDescEveryExporterWroteInEveryFormat(Exporter exporter, String ext) {
        Path f = dir.resolve("best." + ext);
        DescFiles.write(f, exporter, DESC);
        assertEquals(DESC, DescFiles.read(f, SPACE));
    }

    @Test
    void writesRealYamlIntoYamlFiles() throws IOException {
        Path f = dir.resolve("best.yaml");
        DescFiles.write(f, new DefaultSlotTraversalExporter(null).export(DESC));
        String text = Files.readString(f);
        assertTrue(text.startsWith("- \"MB5E6\"\n"), text);
        assertFalse(text.trim().startsWith("["), text);
        DescFiles.write(f, new DefaultParamsExporter(null).export(DESC));
        assertTrue(Files.readString(f).startsWith("features.1.conv: \"MB5E6\"\n"), Files.readString(f));
    }

    @Test
    void writesJsonIntoJsonFilesAndHoconIntoConfFiles() throws IOException {
        Path json = dir.resolve("best.json");
        DescFiles.write(json, new DefaultSlotTraversalExporter(null).export(DESC));
        assertEquals(List.of("MB5E6", "NIL", 3, "null", 0.5), new ObjectMapper().readValue(json.toFile(), List.class));
        Path conf = dir.resolve("best.conf");
        DescFiles.write(conf, new DefaultSlotTraversalExporter(null).export(DESC));
        assertTrue(Files.readString(conf).startsWith("\"arch_desc\"=["), Files.readString(conf));
    }

    @Test
    void readsTheOriginalsJsonInYamlListOfOneElementLists() throws IOException {
        ArchSpace s = ArchSpace.of(Categorical.of("0", "MB3E3", "MB5E6"), Categorical.of("1", "MB3E3", "MB5E6"));
        Path f = dir.resolve("arch_search_best.yaml");
        Files.writeString(f, "[[\"MB5E6\"], [\"MB3E3\"]]");
        assertEquals(List.of("MB5E6", "MB3E3"), DescFiles.read(f, s).values());
    }

    @Test
    void readsAHandWrittenConfMapAndNestedYaml() throws IOException {
        Path conf = dir.resolve("d.conf");
        Files.writeString(conf, "features.1.conv = MB3E3\nfeatures.2.conv = NIL\nstage.depth = 1\nodd = yes\nwidth = 1\n");
        assertEquals(List.of("MB3E3", "NIL", 1L, "yes", 1.0), DescFiles.read(conf, SPACE).values());
        Path yaml = dir.resolve("d.yml");
        Files.writeString(yaml, "features:\n  1: {conv: MB3E3}\n  2:\n    conv: [NIL]\nstage: {depth: 2}\nodd: \"1.5\"\nwidth: 0.25\n");
        assertEquals(List.of("MB3E3", "NIL", 2L, "1.5", 0.25), DescFiles.read(yaml, SPACE).values());
    }

    @Test
    void namesFileAndPositionOfAnUnknownChoice() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "- MB5E6\n- MB9E9\n- 3\n- \"null\"\n- 0.5\n");
        ArchDescException e = assertThrows(ArchDescException.class, () -> DescFiles.read(f, SPACE));
        assertTrue(e.getMessage().startsWith(f + ": arch desc entry 1 (param 'features.2.conv'): unknown choice \"MB9E9\""),
                e.getMessage());
    }

    @Test
    void namesFileOfAWrongLengthAndOfAnUnknownName() throws IOException {
        Path f = dir.resolve("short.json");
        Files.writeString(f, "[\"MB5E6\"]");
        ArchDescException e = assertThrows(ArchDescException.class, () -> DescFiles.read(f, SPACE));
        assertTrue(e.getMessage().startsWith(f + ": arch desc has 1 entries, the space has 5 params"), e.getMessage());
        Path g = dir.resolve("names.json");
        Files.writeString(g, "{\"features\": {\"3\": {\"conv\": \"NIL\"}}}");
        ArchDescException e2 = assertThrows(ArchDescException.class, () -> DescFiles.read(g, SPACE));
        assertTrue(e2.getMessage().startsWith(g + ": arch desc names unknown param 'features.3.conv'"), e2.getMessage());
    }

    @Test
    void namesAMissingEmptyOrUnparsableFile() throws IOException {
        Path missing = dir.resolve("none.yaml");
        assertEquals(missing + ": arch desc file not found",
                assertThrows(ArchDescException.class, () -> DescFiles.read(missing, SPACE)).getMessage());
        Path missingConf = dir.resolve("none.conf");
        assertEquals(missingConf + ": arch desc file not found",
                assertThrows(ArchDescException.class, () -> DescFiles.read(missingConf, SPACE)).getMessage());
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "");
        assertEquals(empty + ": arch desc file is empty",
                assertThrows(ArchDescException.class, () -> DescFiles.read(empty, SPACE)).getMessage());
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "- MB5E6\n- [NIL\n- x\n");
        String m = assertThrows(ArchDescException.class, () -> DescFiles.read(broken, SPACE)).getMessage();
        assertTrue(m.matches("\\Q" + broken + "\\E:\\d+: not valid YAML: (?s).*"), m);
        Path brokenConf = dir.resolve("broken.conf");
        Files.writeString(brokenConf, "arch_desc = [a,\n");
        String mc = assertThrows(ArchDescException.class, () -> DescFiles.read(brokenConf, SPACE)).getMessage();
        assertTrue(mc.matches("\\Q" + brokenConf + "\\E:\\d+: not valid HOCON: (?s).*"), mc);
        Path scalar = dir.resolve("scalar.json");
        Files.writeString(scalar, "\"MB5E6\"");
        assertEquals(scalar + ": arch desc must be a list or a map, got String MB5E6",
                assertThrows(ArchDescException.class, () -> DescFiles.read(scalar, SPACE)).getMessage());
    }

    @Test
    void rejectsAnUnknownExtensionNamingTheFile() {
        Path f = dir.resolve("best.txt");
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> DescFiles.write(f, List.of("a")));
        assertEquals(f + ": unknown arch desc file format; use .yaml, .yml, .json or .conf", w.getMessage());
        assertFalse(Files.exists(f));
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> DescFiles.read(f, SPACE));
        assertEquals(w.getMessage(), r.getMessage());
    }
}

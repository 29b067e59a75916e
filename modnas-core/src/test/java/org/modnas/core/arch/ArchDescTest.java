package org.modnas.core.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchDescTest {
    private final ArchSpace space = ArchSpace.of(
            Categorical.of("blocks.0.conv", "MB3E3", "MB3E6", "NIL"),
            Categorical.of("blocks.1.conv", "MB3E3", "MB5E6"),
            Numeric.ofInt("depth", 1, 4));

    @Test
    void canonicalJsonListsParamsInSpaceOrder() {
        ArchDesc d = ArchDesc.of(space, List.of("NIL", "MB5E6", 3));
        assertEquals("{\"blocks.0.conv\":\"NIL\",\"blocks.1.conv\":\"MB5E6\",\"depth\":3}", d.toJson());
    }

    @Test
    void hashIsStableAndDependsOnContent() {
        ArchDesc a = ArchDesc.of(space, List.of("NIL", "MB5E6", 3));
        ArchDesc b = ArchDesc.parse(space, "[\"NIL\", \"MB5E6\", 3]");
        assertEquals(a, b);
        assertEquals(a.hash(), b.hash());
        assertEquals(16, a.hash().length());
        assertEquals(true, a.hash().matches("[0-9a-f]{16}"), a.hash());
        assertNotEquals(a.hash(), ArchDesc.of(space, List.of("NIL", "MB5E6", 2)).hash());
    }

    @Test
    void parsesListsObjectsAndOneElementListsOfTheOriginal() {
        ArchDesc expected = ArchDesc.of(space, List.of("MB3E6", "MB3E3", 1));
        assertEquals(expected, ArchDesc.parse(space, "[[\"MB3E6\"], [\"MB3E3\"], [1]]"));
        assertEquals(expected, ArchDesc.parse(space, "{\"depth\": 1, \"blocks.1.conv\": \"MB3E3\", \"blocks.0.conv\": \"MB3E6\"}"));
        assertEquals(expected, ArchDesc.parseCanonical(expected.toJson()));
    }

    @Test
    void unknownChoiceNamesThePosition() {
        ArchDescException e = assertThrows(ArchDescException.class,
                () -> ArchDesc.parse(space, "[\"MB3E6\", \"MB4E6\", 1]"));
        assertEquals("arch desc entry 1 (param 'blocks.1.conv'): unknown choice \"MB4E6\" for param 'blocks.1.conv';"
                + " choices are [\"MB3E3\", \"MB5E6\"]", e.getMessage());
    }

    @Test
    void wrongLengthNamesBothLengths() {
        ArchDescException e = assertThrows(ArchDescException.class, () -> ArchDesc.parse(space, "[\"MB3E6\"]"));
        assertEquals("arch desc has 1 entries, the space has 3 params [blocks.0.conv, blocks.1.conv, depth]", e.getMessage());
    }

    @Test
    void outOfRangeNumberNamesThePosition() {
        ArchDescException e = assertThrows(ArchDescException.class,
                () -> ArchDesc.parse(space, "[\"MB3E6\", \"MB3E3\", 9]"));
        assertEquals("arch desc entry 2 (param 'depth'): param 'depth' value 9 is outside [1, 4]", e.getMessage());
    }

    @Test
    void objectFormRejectsUnknownAndMissingParams() {
        ArchDescException e = assertThrows(ArchDescException.class,
                () -> ArchDesc.parse(space, "{\"blocks.0.conv\": \"NIL\", \"blocks.9.conv\": \"NIL\"}"));
        assertEquals("arch desc names unknown param 'blocks.9.conv'; the space's params are "
                + "[blocks.0.conv, blocks.1.conv, depth]", e.getMessage());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("blocks.0.conv", "NIL");
        e = assertThrows(ArchDescException.class, () -> ArchDesc.of(space, m));
        assertEquals("arch desc entry 1 (param 'blocks.1.conv') is missing", e.getMessage());
    }

    @Test
    void malformedJsonAndWrongShapesAreRejected() {
        ArchDescException e = assertThrows(ArchDescException.class, () -> ArchDesc.parse(space, "[\"NIL\","));
        assertEquals(true, e.getMessage().startsWith("arch desc is not valid JSON"), e.getMessage());
        e = assertThrows(ArchDescException.class, () -> ArchDesc.parse(space, "42"));
        assertEquals("arch desc must be a JSON list or object, got number", e.getMessage());
        e = assertThrows(ArchDescException.class, () -> ArchDesc.parse(space, "[{\"a\":1}, \"MB3E3\", 1]"));
        assertEquals("arch desc entry 0 (param 'blocks.0.conv') must be a string, number or boolean, got {\"a\":1}",
                e.getMessage());
        e = assertThrows(ArchDescException.class, () -> ArchDesc.parse(space, "[null, \"MB3E3\", 1]"));
        assertEquals(true, e.getMessage().startsWith("arch desc entry 0 (param 'blocks.0.conv')"), e.getMessage());
    }

    @Test
    void javaSerializationKeepsEqualityAndHash() throws Exception {
        ArchDesc d = ArchDesc.of(space, List.of("NIL", "MB5E6", 3));
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ObjectOutputStream oo = new ObjectOutputStream(bo)) {
            oo.writeObject(d);
        }
        ArchDesc back = (ArchDesc) new ObjectInputStream(new ByteArrayInputStream(bo.toByteArray())).readObject();
        assertEquals(d, back);
        assertEquals(d.hash(), back.hash());
    }

    @Test
    void stringsAreEscapedInCanonicalJson() {
        ArchDesc d = ArchDesc.of(List.of("q\"n"), List.of("a\\b\n"));
        assertEquals("{\"q\\\"n\":\"a\\\\b\\n\"}", d.toJson());
        assertEquals(d, ArchDesc.parseCanonical(d.toJson()));
    }
}

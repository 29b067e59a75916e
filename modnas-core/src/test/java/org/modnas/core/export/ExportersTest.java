package org.modnas.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.arch.Categorical;
import org.modnas.core.registry.Registry;

class ExportersTest {
    private static final ArchSpace SPACE = ArchSpace.of(
            Categorical.of("features.1.conv", "MB3E3", "MB5E6"),
            Categorical.of("features.2.conv", "MB3E3", "NIL"),
            Categorical.of("features.10.conv", "MB7E6", "IDT"),
            Categorical.of("classifier", 1, 2));
    private static final ArchDesc DESC = ArchDesc.of(SPACE, List.of("MB5E6", "NIL", "IDT", 2));

    @Test
    void slotTraversalExportsOneEntryPerParamInOrder() {
        assertEquals(List.of("MB5E6", "NIL", "IDT", 2L), new DefaultSlotTraversalExporter(null).export(DESC));
    }

    @Test
    void paramsExportsANameToValueMapInOrder() {
        Map<String, Object> m = new DefaultParamsExporter(null).export(DESC);
        assertEquals(List.of("features.1.conv", "features.2.conv", "features.10.conv", "classifier"), List.copyOf(m.keySet()));
        assertEquals("NIL", m.get("features.2.conv"));
    }

    @Test
    void recursiveNestsByModulePath() {
        Map<String, Object> m = new DefaultRecursiveExporter(null).export(DESC);
        assertEquals(Map.of("features", Map.of("1", Map.of("conv", "MB5E6"), "2", Map.of("conv", "NIL"),
                "10", Map.of("conv", "IDT")), "classifier", 2L), m);
        assertEquals(List.of("features", "classifier"), List.copyOf(m.keySet()));
    }

    @Test
    void recursiveRejectsAParamThatIsAlsoAModule() {
        ArchSpace s = ArchSpace.of(Categorical.of("head", "a", "b"), Categorical.of("head.fc", "a", "b"));
        ArchDesc d = ArchDesc.of(s, List.of("a", "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DefaultRecursiveExporter(null).export(d));
        assertEquals("param 'head.fc' cannot be nested: 'head' is both a param and a module holding params", e.getMessage());
    }

    @Test
    void registersEveryExporterAndTheExportSlotThroughTheServiceFile() {
        Registry r = Registry.global();
        assertEquals(List.of("DefaultSlotTraversalExporter", "DefaultRecursiveExporter", "DefaultParamsExporter"),
                r.names(Exporter.KIND));
        assertEquals(Exporter.KIND, r.slots().get("search.export.*"));
        Exporter e = r.build(Exporter.KIND, "default_params_exporter",
                ConfigFactory.parseString("file = \"best.json\""), Map.of());
        assertTrue(e instanceof DefaultParamsExporter);
        assertEquals("best.json", e.file());
        assertNull(r.build(Exporter.KIND, "DefaultSlotTraversalExporter", null, Map.of()).file());
    }
}

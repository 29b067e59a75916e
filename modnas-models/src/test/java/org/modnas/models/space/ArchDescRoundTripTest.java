package org.modnas.models.space;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.registry.Registry;
import org.modnas.core.util.Rng;
import org.modnas.models.TestSpaces;

/** Search space → slot-traversal desc → desc_construct → the same desc and the same params. */
class ArchDescRoundTripTest {
    private static final String SPACE = """
            model { type = CIFAR_MobileNetV2, n_classes = 10, width_coeff = 0.25 }
            construct { mixed_op { type = DefaultMixedOpConstructor, mixed_op = %s, primitives = [MB3E3, MB3E6, MB5E3, MB7E6, NIL] } }
            desc_construct { arch_desc { type = DefaultSlotArchDescConstructor } }
            """;
    private static final Shape CIFAR = new Shape(3, 32, 32);

    @Test
    void indexSpaceExportsADescThatRebuildsTheSameNetwork() {
        SearchSpace search = TestSpaces.search(String.format(SPACE, "Index"), 5);
        assertEquals(17, search.archSpace().dimension());
        int[] point = search.archSpace().sample(new Rng(42));
        search.select(search.archSpace().desc(point));
        ArchDesc desc = search.exportDesc();
        assertEquals(search.archSpace().desc(point).values(), desc.values());

        SearchSpace retrain = Spaces.buildFromDesc(TestSpaces.section(String.format(SPACE, "Index")), Registry.global(), 5, desc);
        assertEquals(0, retrain.mixedOps().size());
        assertEquals(desc, retrain.exportDesc());
        assertEquals(desc.hash(), retrain.exportDesc().hash());
        assertEquals(search.stats(CIFAR).params(), retrain.stats(CIFAR).params());
        assertEquals(search.stats(CIFAR).macs(), retrain.stats(CIFAR).macs());
    }

    @Test
    void weightedSumSpaceExportsItsArgmaxAndTheDescRetrainsOnRealTensors() {
        SearchSpace search = TestSpaces.search(String.format(SPACE, "WeightedSum"), 9);
        assertEquals(17, search.tensorParams().size());
        assertEquals(0, search.archSpace().dimension());
        try (NDManager m = NDManager.newBaseManager()) {
            search.network().initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            ArchDesc desc = search.exportDesc();
            for (int i = 0; i < desc.size(); i++) {
                assertEquals(search.mixedOps().get(i).topk(1).get(0), desc.value(i));
            }
            SearchSpace retrain = Spaces.buildFromDesc(TestSpaces.section(String.format(SPACE, "WeightedSum")),
                    Registry.global(), 9, desc.values());
            assertEquals(desc, retrain.exportDesc());
            retrain.network().initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            NDArray y = retrain.network().forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 3, 32, 32))), true)
                    .singletonOrThrow();
            assertEquals(new Shape(2, 10), y.getShape());
            SearchSpace again = Spaces.buildFromDesc(TestSpaces.section(String.format(SPACE, "WeightedSum")),
                    Registry.global(), 1, desc);
            assertEquals(retrain.stats(CIFAR), again.stats(CIFAR));
        }
    }

    @Test
    void nestedDescRebuildsThroughTheRecursiveConstructor() throws Exception {
        SearchSpace search = TestSpaces.search(String.format(SPACE, "Index"), 5);
        search.select(search.archSpace().desc(search.archSpace().sample(new Rng(3))));
        var nested = search.exportNestedDesc();
        assertEquals(search.exportDesc().value("blocks.3.conv"), ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) nested.get("blocks")).get("3")).get("conv"));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(nested);
        SearchSpace fromNested = Spaces.buildFromDesc(TestSpaces.section("model { type = CIFAR_MobileNetV2, width_coeff = 0.25 }\n"
                        + "desc_construct = [ { type = DefaultRecursiveArchDescConstructor } ]\n"
                        + "arch_desc = " + json), Registry.global(), 0, null);
        assertEquals(search.exportDesc(), fromNested.exportDesc());
    }

    @Test
    void descFilesOfEachFormatRebuildTheSameNetwork(@TempDir Path dir) throws Exception {
        SearchSpace search = TestSpaces.search(String.format(SPACE, "Index"), 5);
        search.select(search.archSpace().desc(search.archSpace().sample(new Rng(8))));
        ArchDesc desc = search.exportDesc();
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < desc.size(); i++) {
            list.append(i == 0 ? "" : ", ").append("[\"").append(desc.value(i)).append("\"]");
        }
        list.append("]");
        for (String ext : List.of("json", "yaml", "conf")) {
            Path f = dir.resolve("arch_best." + ext);
            Files.writeString(f, list.toString());
            SearchSpace s = TestSpaces.retrain(String.format(SPACE, "Index") + "\narch_desc = \"" + f + "\"");
            assertEquals(desc, s.exportDesc(), ext);
        }
    }
}

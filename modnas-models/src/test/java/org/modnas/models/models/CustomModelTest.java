package org.modnas.models.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modnas.core.registry.Registry;
import org.modnas.core.registry.UnknownComponentException;
import org.modnas.models.ModelsComponents;
import org.modnas.models.TestSpaces;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Slot;
import org.modnas.models.space.Spaces;

/** What docs/custom-model.md describes: a model with Slots, registered by name, used from config. */
class CustomModelTest {
    private static final String SPACE = """
            model { type = ExampleCellNet, n_classes = 10, chn_in = 1, width = 8, cells = 4 }
            construct { mixed_op { type = DefaultMixedOpConstructor, mixed_op = Index, primitives = [MB3E3, SC3, IDT, NIL] } }
            """;

    private static Registry registryWithExample() {
        Registry r = new Registry();
        new ModelsComponents().register(r);
        ExampleCellNet.register(r);
        return r;
    }

    @Test
    void aRegisteredUserModelBuildsFromConfigSearchesAndRuns() {
        Registry r = registryWithExample();
        SearchSpace s = Spaces.build(TestSpaces.section(SPACE), r, 0);
        assertEquals(List.of("cells.0", "cells.1", "cells.2", "cells.3"), s.slots().stream().map(Slot::name).toList());
        assertEquals(s.slots().stream().map(Slot::name).toList(), s.archSpace().names());
        // NIL only where chnIn = chnOut (cells 0 and 2)
        assertEquals(4 * 3 * 4 * 3, s.archSpace().size().intValue());
        s.select(s.archSpace().desc(new int[] {0, 1, 3, 2}));
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 1, 28, 28);
            s.network().initialize(m, DataType.FLOAT32, in);
            NDArray y = s.network().forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), true).singletonOrThrow();
            assertEquals(new Shape(2, 10), y.getShape());
        }
        SearchSpace retrained = Spaces.buildFromDesc(TestSpaces.section(SPACE), r, 0, s.exportDesc());
        assertEquals(s.stats(new Shape(1, 28, 28)), retrained.stats(new Shape(1, 28, 28)));
    }

    @Test
    void slotsFixedBeforeTheMixedOpAreLeftOutOfTheSearchAndOutOfItsDescs() {
        Registry r = registryWithExample();
        String fixed = """
                model { type = ExampleCellNet, n_classes = 10, chn_in = 1, width = 8, cells = 4 }
                construct {
                  fixed { type = DefaultOpConstructor, op = SC3, slots = [cells.0, cells.3] }
                  mixed_op { type = DefaultMixedOpConstructor, mixed_op = Index, primitives = [MB3E3, IDT] }
                }
                desc_construct {
                  fixed { type = DefaultOpConstructor, op = SC3, slots = [cells.0, cells.3] }
                  arch { type = DefaultSlotArchDescConstructor }
                }
                """;
        SearchSpace s = Spaces.build(TestSpaces.section(fixed), r, 0);
        assertEquals(List.of("cells.1", "cells.2"), s.archSpace().names());
        assertEquals(4, s.archSpace().size().intValue());
        org.modnas.core.arch.ArchDesc desc = s.archSpace().desc(new int[] {1, 0});
        s.select(desc);
        // the desc names the two searched slots, by name or in order; the fixed ones are built by the chain
        for (Object d : List.of(desc, List.of("IDT", "MB3E3"))) {
            SearchSpace net = Spaces.buildFromDesc(TestSpaces.section(fixed), r, 0, d);
            assertEquals(List.of("SC3", "IDT", "MB3E3", "SC3"), net.slots().stream().map(Slot::builtAs).toList());
            assertEquals(s.stats(new Shape(1, 28, 28)), net.stats(new Shape(1, 28, 28)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Spaces.build(TestSpaces.section(
                fixed.replace("cells.3]", "cell.3]")), r, 0));
        assertTrue(e.getMessage().contains("no slot 'cell.3'; did you mean 'cells.3'?"), e.getMessage());
    }

    @Test
    void theModelIsUnknownUntilRegistered() {
        Registry r = new Registry();
        new ModelsComponents().register(r);
        UnknownComponentException e = assertThrows(UnknownComponentException.class, () -> Spaces.build(TestSpaces.section(SPACE), r, 0));
        assertTrue(e.getMessage().contains("CIFAR_MobileNetV2"), e.getMessage());
    }
}

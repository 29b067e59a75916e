package org.modnas.models.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modnas.core.registry.Registry;
import org.modnas.models.TestSpaces;
import org.modnas.models.layers.Identity;

/** Slots: loud when never built, stable names, built once. */
class SlotTest {
    @Test
    void runningAnUnbuiltSlotFailsNamingIt() {
        Slot slot = new Slot("stem.cell", 3, 3, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> slot.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(1, 3, 4, 4))), false));
            assertTrue(e.getMessage().contains("'stem.cell'") && e.getMessage().contains("never built"), e.getMessage());
        }
    }

    @Test
    void theSameModelAndConfigAlwaysGiveTheSameSlotNames() {
        String cfg = "model { type = CIFAR_MobileNetV2_GPU }";
        List<String> a = TestSpaces.search(cfg, 1).slots().stream().map(Slot::name).toList();
        List<String> b = TestSpaces.search(cfg, 2).slots().stream().map(Slot::name).toList();
        assertEquals(a, b);
        assertEquals(22, a.size());
        assertEquals("blocks.0.conv", a.get(0));
        assertEquals("blocks.21.conv", a.get(21));
    }

    @Test
    void unnamedSlotsAreNamedByPositionAndDuplicatesAreRejected() {
        SequentialBlock m = new SequentialBlock().add(new Slot(null, 2, 2, 1)).add(new Slot("mid", 2, 2, 1)).add(new Slot(null, 2, 4, 2));
        SearchSpace s = Spaces.build(m, List.of(), Registry.global(), 0, null);
        assertEquals(List.of("slot.0", "mid", "slot.2"), s.slots().stream().map(Slot::name).toList());
        SequentialBlock dup = new SequentialBlock().add(new Slot("x", 2, 2, 1)).add(new Slot("x", 2, 2, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Spaces.build(dup, List.of(), Registry.global(), 0, null));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void aSlotIsBuiltOnceAndKeepsItsArguments() {
        Slot s = new Slot("a", 4, 8, 2, Map.of("expansion", 6));
        assertEquals(6, s.intArg("expansion", 1));
        s.build(new Identity(), "IDT");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.build(new Identity(), "IDT"));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("already built"), e.getMessage());
    }

    @Test
    void mixedOpsOfferNilOnlyWhereTheBlockKeepsItsShape() {
        SearchSpace s = TestSpaces.search("model { type = CIFAR_MobileNetV2, width_coeff = 0.25 }\n"
                + "construct { m { type = DefaultMixedOpConstructor, mixed_op = Index, primitives = [MB3E3, NIL] } }", 0);
        for (MixedOp op : s.mixedOps()) {
            Slot slot = s.slots().stream().filter(x -> x.name().equals(op.slotName())).findFirst().orElseThrow();
            assertEquals(slot.chnIn() == slot.chnOut() && slot.stride() == 1, op.candidateNames().contains("NIL"), slot.describe());
        }
        assertTrue(s.archSpace().size().longValue() > 1);
    }

    @Test
    void buildingOneNetworkNeverChangesAnother() {
        SearchSpace a = TestSpaces.search("model { type = CIFAR_MobileNetV2, width_coeff = 0.25 }\n"
                + "construct { m { type = DefaultMixedOpConstructor, mixed_op = Index, primitives = [MB3E3, MB5E6] } }", 0);
        var before = a.stats(new Shape(3, 32, 32));
        TestSpaces.search("model { type = ImageNet_MobileNetV2, width_coeff = 0.25 }\n"
                + "construct { m { type = DefaultMixedOpConstructor, mixed_op = Index, primitives = [MB7E6] } }", 0);
        assertEquals(before, a.stats(new Shape(3, 32, 32)));
        assertEquals("MB3E3", a.exportDesc().value(0));
    }
}

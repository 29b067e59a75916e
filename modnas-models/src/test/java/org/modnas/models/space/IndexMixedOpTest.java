package org.modnas.models.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;
import org.modnas.models.ModelsComponents;
import org.modnas.models.layers.Layers;

/** The Index mixed op runs only the chosen candidate, which alone gets gradients. */
class IndexMixedOpTest {
    /** A 3×3 conv that counts its forward passes. */
    static final class CountingConv extends AbstractBlock {
        int calls;
        final Block conv;

        CountingConv(int chnOut) {
            conv = addChildBlock("conv", Layers.conv(chnOut, 3, 1));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
            calls++;
            return conv.forward(ps, in, training);
        }

        @Override
        protected void initializeChildBlocks(ai.djl.ndarray.NDManager m, DataType t, Shape... shapes) {
            conv.initialize(m, t, shapes);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] in) {
            return conv.getOutputShapes(in);
        }
    }

    @Test
    void indexRunsOnlyTheChosenCandidateAndOnlyItGetsGradients() {
        Registry r = new Registry();
        new ModelsComponents().register(r);
        for (String n : List.of("CountA", "CountB", "CountC")) {
            r.register(ComponentSpec.builder(ModelsComponents.PRIMITIVE, n)
                    .factory(a -> new CountingConv(a.require(Slot.class).chnOut())));
        }
        SequentialBlock model = new SequentialBlock().add(new Slot("cell", 3, 3, 1));
        SearchSpace s = Spaces.build(model, List.of(new DefaultMixedOpConstructor("Index", null, List.of("CountA", "CountB", "CountC"))),
                r, 1, null);
        IndexMixedOp op = (IndexMixedOp) s.mixedOps().get(0);
        assertEquals(List.of("cell"), s.archSpace().names());
        s.select(ArchDesc.of(s.archSpace(), List.of("CountB")));
        assertEquals("CountB", s.exportDesc().value("cell"));

        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(1, 3, 5, 5);
            s.network().initialize(m, DataType.FLOAT32, in);
            ParameterStore ps = new ParameterStore(m, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = s.network().forward(ps, new NDList(m.randomNormal(in)), true).singletonOrThrow();
                gc.backward(y.sum());
            }
            int[] calls = op.candidates().stream().mapToInt(b -> ((CountingConv) b).calls).toArray();
            assertEquals(0, calls[0]);
            assertEquals(1, calls[1]);
            assertEquals(0, calls[2]);
            for (int i = 0; i < 3; i++) {
                Parameter w = ((CountingConv) op.candidates().get(i)).conv.getParameters().get("weight");
                NDArray g = w.getArray().getGradient();
                float norm = g.abs().sum().getFloat();
                if (i == 1) {
                    assertTrue(norm > 0, "the chosen candidate's weights get a gradient");
                } else {
                    assertEquals(0f, norm, "candidate " + i + " was not run, so no gradient");
                }
            }
        }
    }

    @Test
    void selectingAnUnknownChoiceNamesTheSlotAndTheChoices() {
        SearchSpace s = Spaces.build(new SequentialBlock().add(new Slot("cell", 3, 3, 1)),
                List.of(new DefaultMixedOpConstructor("Index", null, List.of("MB3E1", "NIL"))), Registry.global(), 1, null);
        IndexMixedOp op = (IndexMixedOp) s.mixedOps().get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.select("MB9E9"));
        assertTrue(e.getMessage().contains("'cell'") && e.getMessage().contains("NIL"), e.getMessage());
    }
}

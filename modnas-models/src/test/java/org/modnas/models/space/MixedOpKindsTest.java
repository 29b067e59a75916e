package org.modnas.models.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modnas.core.registry.Registry;

/** Every mixed op, by its SPEC name and its original name, runs forward and backward and exports a choice. */
class MixedOpKindsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "BinGate, BinaryGateMixedOp, tensor",
        "BinaryGateUniformMixedOp, BinaryGateUniformMixedOp, tensor",
        "WeightedSum, SoftmaxSumMixedOp, tensor",
        "GumbelSum, GumbelSumMixedOp, tensor",
        "Index, IndexMixedOp, categorical",
    })
    void runsForwardAndBackwardInBothModesAndExports(String name, String kind, String paramKind) {
        List<String> prims = List.of("MB3E3", "SC3", "NIL", "AVG", "DC3", "IDT");
        SearchSpace s = Spaces.build(new SequentialBlock().add(new Slot("c", 4, 4, 2)),
                List.of(new DefaultMixedOpConstructor(name, null, prims)), Registry.global(), 4, null);
        MixedOp op = s.mixedOps().get(0);
        assertEquals(kind, op.kindName());
        assertEquals(paramKind, op.param().kind());
        assertEquals("c", op.param().name());
        String before = s.exportDesc().value(0).toString();
        assertTrue(prims.contains(before));
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 4, 8, 8);
            s.network().initialize(m, DataType.FLOAT32, in);
            assertEquals(before, s.exportDesc().value(0), "initialising keeps the initial alpha");
            ParameterStore ps = new ParameterStore(m, false);
            for (MixedOp.Mode mode : MixedOp.Mode.values()) {
                s.setMode(mode);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = s.network().forward(ps, new NDList(m.randomNormal(in)), true).singletonOrThrow();
                    assertEquals(new Shape(2, 4, 4, 4), y.getShape());
                    gc.backward(y.sum());
                }
            }
            NDArray eval = s.network().forward(ps, new NDList(m.randomNormal(in)), false).singletonOrThrow();
            assertEquals(new Shape(2, 4, 4, 4), eval.getShape());
        }
    }
}

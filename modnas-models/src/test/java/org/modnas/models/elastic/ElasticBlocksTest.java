package org.modnas.models.elastic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.registry.Registry;
import org.modnas.core.util.Rng;
import org.modnas.models.metrics.ModelStats;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Slot;
import org.modnas.models.space.Spaces;
import org.modnas.models.train.ImageTrainer;

/**
 * Elastic MobileNetV2 blocks share one set of weights: the small kernel is the transformed centre of
 * the large one, re-ranking channels keeps the full network's function, and any subnet equals the
 * same architecture built as a plain network from its exported desc with the supernet's weights,
 * outputs, params and MACs alike.
 */
class ElasticBlocksTest {
    private static final Shape INPUT = new Shape(2, 1, 16, 16);
    private static final Config SPACE = ConfigFactory.parseString("""
            model { type = CIFAR_MobileNetV2, chn_in = 1, n_classes = 10, width_coeff = 0.25, depth_coeff = 1 }
            construct {
              predefined { type = MobileNetV2PredefinedConstructor }
              elastic { type = MobileNetV2ElasticConstructor, repeat_range = [1, 2, 3, 4], expansion_range = [1, 3, 4, 6],
                        kernel_range = [3, 5, 7] }
            }
            desc_construct { arch { type = MobileNetV2ArchDescConstructor } }
            """);

    private static SearchSpace supernet(NDManager m, long seed) {
        SearchSpace s = Spaces.build(SPACE, Registry.global(), seed);
        ImageTrainer.initialize(s.network(), m, INPUT, seed);
        return s;
    }

    private static NDArray forward(SearchSpace s, NDArray x, boolean training) {
        return s.network().forward(new ParameterStore(x.getManager(), false), new NDList(x), training).singletonOrThrow();
    }

    /** Random batch-norm statistics, so inference depends on them. */
    private static void randomiseStatistics(SearchSpace s, NDManager m, long seed) {
        ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        for (Parameter p : s.network().getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN) {
                p.getArray().set(new NDIndex(":"), m.randomNormal(0, 0.1f, p.getArray().getShape(), p.getArray().getDataType()));
            } else if (p.getType() == Parameter.Type.RUNNING_VAR || p.getType() == Parameter.Type.GAMMA) {
                p.getArray().set(new NDIndex(":"), m.randomUniform(0.5f, 1.5f, p.getArray().getShape(), p.getArray().getDataType()));
            }
        }
    }

    @Test
    void withIdentityTransformsTheSmallKernelsAreTheCentreOfTheLargest() {
        try (NDManager m = NDManager.newBaseManager()) {
            SearchSpace s = supernet(m, 1);
            ElasticMBConv b = s.elastic().blocks().get(3);
            NDArray full = b.getParameters().get("depthwise").getArray();
            for (int k : List.of(3, 5)) {
                b.configure(6, k, false);
                ai.djl.nn.Block plain = org.modnas.models.space.Primitives.build(Registry.global(), "MB" + k + "E6",
                        new Slot("x", b.chnIn(), b.chnOut(), b.stride()));
                plain.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, b.chnIn(), 8, 8));
                b.copyInto(plain, m);
                NDArray dw = plain.getParameters().valueAt(5).getArray(); // expand conv, its 4 BN arrays, then the depthwise filter
                int off = (7 - k) / 2;
                NDArray centre = full.get(new NDIndex(":{}, :, {}:{}, {}:{}", b.chnIn() * 6, off, off + k, off, off + k));
                assertArrayEquals(centre.toFloatArray(), dw.toFloatArray(), 1e-6f, "kernel " + k);
            }
        }
    }

    @Test
    void rerankingChannelsKeepsTheFullNetworksOutputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            SearchSpace s = supernet(m, 2);
            randomiseStatistics(s, m, 2);
            NDArray x = m.randomNormal(INPUT);
            float[] before = forward(s, x, false).toFloatArray();
            NDArray expandBefore = s.elastic().blocks().get(2).getParameters().get("expand").getArray().duplicate();
            for (ChannelRanking r : List.of(ChannelRanking.L1_FAN_IN, ChannelRanking.L1_FAN_OUT, ChannelRanking.BN_L1)) {
                r.rerankAll(s.elastic());
                assertArrayEquals(before, forward(s, x, false).toFloatArray(), 1e-4f, r.name());
            }
            assertNotEquals(expandBefore, s.elastic().blocks().get(2).getParameters().get("expand").getArray(),
                    "the channels were reordered");
            ElasticMBConv b = s.elastic().blocks().get(2);
            NDArray importance = b.projectL1();
            ChannelRanking.L1_FAN_IN.rerankAll(s.elastic());
            float[] sorted = b.projectL1().toFloatArray();
            for (int i = 1; i < sorted.length; i++) {
                assertTrue(sorted[i - 1] >= sorted[i], "most important first");
            }
            importance.close();
        }
    }

    @Test
    void aSubnetBuiltFromItsExportedDescWithTheSupernetsWeightsIsTheSameNetwork() {
        Rng rng = new Rng(5);
        try (NDManager m = NDManager.newBaseManager()) {
            SearchSpace s = supernet(m, 3);
            randomiseStatistics(s, m, 3);
            ElasticSpace e = s.elastic();
            NDArray x = m.randomNormal(INPUT);
            List<ElasticSpace.Setting> settings = List.of(e.largest(), e.smallest(),
                    e.sample(rng, Map.of(ElasticSpace.Dimension.DEPTH, List.of(1.0, 2.0, 3.0, 4.0),
                            ElasticSpace.Dimension.WIDTH, List.of(1.0, 3.0, 4.0, 6.0),
                            ElasticSpace.Dimension.KERNEL, List.of(3.0, 5.0, 7.0)), false));
            for (ElasticSpace.Setting setting : settings) {
                e.apply(setting);
                ArchDesc desc = ArchDesc.of(s.archSpace(), e.values(setting));
                List<Object> layout = new ElasticArchDescExporter(SPACE, null, true).export(desc);
                assertEquals(null, layout.get(0), "the fixed first block");
                SearchSpace plain = Spaces.buildFromDesc(SPACE, Registry.global(), 9, layout);
                ImageTrainer.initialize(plain.network(), m, INPUT, 9);
                ElasticSubnets.copy(s, plain, m);
                assertArrayEquals(forward(s, x, false).toFloatArray(), forward(plain, x, false).toFloatArray(), 1e-4f,
                        "outputs of " + layout);
                ModelStats a = s.stats(new Shape(1, 16, 16));
                ModelStats b = plain.stats(new Shape(1, 16, 16));
                assertEquals(b.params(), a.params(), "params of " + layout);
                assertEquals(b.macs(), a.macs(), "MACs of " + layout);
                assertEquals(plain.exportDesc().values(), s.exportDesc().values(), "the slot-traversal export");
                java.util.Map<String, String> byBlock = new java.util.LinkedHashMap<>();
                for (int i = 0; i < s.slots().size(); i++) {
                    if (s.slots().get(i).entity() instanceof ElasticMBConv) {
                        byBlock.put(s.slots().get(i).name(), (String) layout.get(i));
                    }
                }
                assertEquals(e.canonical(setting), e.canonical(e.fromPrimitives(byBlock)), "the layout names the subnet back");
            }
            e.apply(e.largest());
            long big = s.stats(new Shape(1, 16, 16)).macs();
            e.apply(e.smallest());
            assertTrue(s.stats(new Shape(1, 16, 16)).macs() < big / 3, "the smallest subnet is much cheaper");
        }
    }

    @Test
    void aTrainingStepUpdatesOnlyTheActiveChannelsRunningStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            SearchSpace s = supernet(m, 4);
            ElasticMBConv b = s.elastic().blocks().get(2);
            b.configure(3, 3, false);
            Parameter mean = b.getParameters().get("bn2.runningMean");
            float[] before = mean.getArray().toFloatArray();
            forward(s, m.randomNormal(INPUT), true);
            float[] after = mean.getArray().toFloatArray();
            int active = b.chnIn() * 3;
            int changed = 0;
            for (int i = 0; i < before.length; i++) {
                if (before[i] != after[i]) {
                    changed++;
                    assertTrue(i < active, "channel " + i + " is not active but its statistics moved");
                }
            }
            assertTrue(changed > active / 2, changed + " of the " + active + " active channels' means moved");
        }
    }

    @Test
    void samplingUsesOnlyTheOpenDimensionsAndFollowsTheSeed() {
        try (NDManager m = NDManager.newBaseManager()) {
            ElasticSpace e = supernet(m, 5).elastic();
            Map<ElasticSpace.Dimension, List<Double>> depthOnly = new EnumMap<>(ElasticSpace.Dimension.class);
            depthOnly.put(ElasticSpace.Dimension.DEPTH, List.of(1.0, 0.5));
            Set<String> depthsSeen = new HashSet<>();
            Rng a = new Rng(11);
            Rng b = new Rng(11);
            for (int i = 0; i < 50; i++) {
                ElasticSpace.Setting s = e.sample(a, depthOnly, true);
                assertEquals(s, e.sample(b, depthOnly, true), "the same seed samples the same subnets");
                assertEquals(e.largest().expansions(), s.expansions(), "width is not open");
                assertEquals(e.largest().kernels(), s.kernels(), "kernel is not open");
                for (Map.Entry<Integer, Integer> d : s.depths().entrySet()) {
                    int n = e.depths(d.getKey()).get(e.depths(d.getKey()).size() - 1);
                    assertTrue(d.getValue() == n || d.getValue() == Math.max(1, n / 2), "ratio 1 or 0.5 of " + n + ": " + d);
                    depthsSeen.add(d.getKey() + "=" + d.getValue());
                }
            }
            assertTrue(depthsSeen.contains("4=2") && depthsSeen.contains("4=4"), "both ratios of the 4-block stage: " + depthsSeen);
        }
    }
}

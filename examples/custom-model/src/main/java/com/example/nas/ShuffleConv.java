package com.example.nas;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.modnas.models.layers.Act;
import org.modnas.models.layers.Layers;
import org.modnas.models.metrics.Profiled;
import org.modnas.models.metrics.Profiler;
import org.modnas.models.space.Slot;

/**
 * The primitive {@code SHUF3}, a ShuffleNet-style unit: a grouped 1x1 convolution, a channel
 * shuffle, a depthwise 3x3 convolution (carrying the slot's stride) and a grouped 1x1 convolution
 * to the slot's output channels, each followed by batch norm. It fits any slot whose channels the
 * groups divide.
 */
public final class ShuffleConv {
    /** The groups of the 1x1 convolutions. */
    public static final int GROUPS = 2;

    private ShuffleConv() {
    }

    /** Builds the unit for a slot; refuses a slot whose channels {@link #GROUPS} does not divide. */
    public static Block of(Slot slot) {
        if (slot.chnIn() % GROUPS != 0 || slot.chnOut() % GROUPS != 0) {
            throw new IllegalArgumentException("SHUF3 needs channels divisible by " + GROUPS + ", slot " + slot.name()
                    + " has " + slot.chnIn() + " -> " + slot.chnOut());
        }
        int mid = slot.chnIn();
        return new SequentialBlock()
                .add(Layers.conv(mid, 1, 1, GROUPS, 1)).add(Layers.batchNorm()).add(Act.relu())
                .add(new ChannelShuffle(GROUPS))
                .add(Layers.depthwise(mid, 3, slot.stride(), 1)).add(Layers.batchNorm())
                .add(Layers.conv(slot.chnOut(), 1, 1, GROUPS, 1)).add(Layers.batchNorm());
    }

    /**
     * Interleaves the channels of {@code groups} groups, so the next grouped convolution sees every
     * group. It has no weights; as a block of its own it implements {@link Profiled}, so the
     * profiler can count the network's params and MACs.
     */
    public static final class ChannelShuffle extends AbstractBlock implements Profiled {
        private final int groups;

        public ChannelShuffle(int groups) {
            this.groups = groups;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            Shape s = x.getShape();
            long n = s.get(0);
            long c = s.get(1);
            return new NDList(x.reshape(n, groups, c / groups, s.get(2), s.get(3)).transpose(0, 2, 1, 3, 4)
                    .reshape(n, c, s.get(2), s.get(3)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }

        @Override
        public Shape profile(Shape input, Profiler profiler) {
            return input; // a permutation: no weights, no multiply-accumulates
        }
    }
}

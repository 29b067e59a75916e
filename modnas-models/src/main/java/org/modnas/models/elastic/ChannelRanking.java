package org.modnas.models.elastic;

import ai.djl.ndarray.NDArray;
import java.util.Locale;

/**
 * How a block's hidden channels are ranked before a narrower setting keeps the first ones
 * ({@code rank_fn}): by the L1 norm of the project convolution's weights on each channel (the
 * channel as the project's fan-in; Once-for-All's and the original's default), of the expand
 * convolution's weights producing it (as the expand's fan-out), or of its depthwise batch norm's γ;
 * or not at all.
 */
public enum ChannelRanking {
    L1_FAN_IN, L1_FAN_OUT, BN_L1, NONE;

    /** The ranking a config names ({@code l1_fan_in}, {@code l1_fan_out}, {@code bn_l1}, {@code none} or null). */
    public static ChannelRanking of(String name) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("null")) {
            return NONE;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rank_fn must be l1_fan_in, l1_fan_out, bn_l1 or none, got '" + name + "'", e);
        }
    }

    /** The importance of each hidden channel of {@code block} (higher first); never called for NONE. */
    NDArray importance(ElasticMBConv block) {
        return switch (this) {
            case L1_FAN_IN -> block.projectL1();
            case L1_FAN_OUT -> block.expandL1();
            case BN_L1 -> block.bnL1();
            case NONE -> throw new IllegalStateException("no ranking");
        };
    }

    /**
     * Sorts every block's hidden channels by importance (each block by its own ranking), most
     * important first. The full network's function is unchanged; narrower settings then keep the
     * most important channels.
     */
    public static void rerank(ElasticSpace space) {
        for (ElasticMBConv b : space.blocks()) {
            rerank(b, b.choices().ranking());
        }
    }

    /** Sorts every block's hidden channels by this ranking, whatever the blocks were built with. */
    public void rerankAll(ElasticSpace space) {
        for (ElasticMBConv b : space.blocks()) {
            rerank(b, this);
        }
    }

    private static void rerank(ElasticMBConv b, ChannelRanking ranking) {
        if (ranking == NONE) {
            return;
        }
        try (NDArray score = ranking.importance(b); NDArray order = score.neg().argSort()) {
            b.reorderHidden(order);
        }
    }
}

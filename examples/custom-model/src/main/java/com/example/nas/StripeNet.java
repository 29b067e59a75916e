package com.example.nas;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import com.typesafe.config.Config;
import java.util.Map;
import org.modnas.models.layers.Act;
import org.modnas.models.layers.GlobalAvgPool;
import org.modnas.models.layers.Layers;
import org.modnas.models.layers.Residual;
import org.modnas.models.space.Slot;

/**
 * A small searchable network: a stem convolution, then {@code stages} stages of {@code blocks}
 * searchable blocks each, then a classifier. The first block of every stage after the first halves
 * the resolution and doubles the channels. Every block is a {@link Slot} named {@code s<stage>.b<block>},
 * wrapped in a shortcut where it keeps the shape.
 */
public final class StripeNet {
    private StripeNet() {
    }

    /** Builds the template from the config arguments {@code n_classes, chn_in, width, stages, blocks}. */
    public static Block build(Config c) {
        int width = c.getInt("width");
        SequentialBlock net = new SequentialBlock();
        net.add(Layers.conv(width, 3, 1)).add(Layers.batchNorm()).add(Act.relu());
        int chn = width;
        for (int s = 0; s < c.getInt("stages"); s++) {
            for (int b = 0; b < c.getInt("blocks"); b++) {
                boolean reduce = s > 0 && b == 0;
                int out = reduce ? chn * 2 : chn;
                // the slot's name becomes the search param's name and the key of arch descs: keep it stable
                Slot slot = new Slot("s" + s + ".b" + b, chn, out, reduce ? 2 : 1, Map.of("expansion", 3));
                net.add(new Residual("op", slot, !reduce));
                chn = out;
            }
        }
        net.add(new GlobalAvgPool()).add(Linear.builder().setUnits(c.getInt("n_classes")).build());
        return net;
    }
}

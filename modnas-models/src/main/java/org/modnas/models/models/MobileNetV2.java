package org.modnas.models.models;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modnas.models.layers.Act;
import org.modnas.models.layers.GlobalAvgPool;
import org.modnas.models.layers.Layers;
import org.modnas.models.layers.Residual;
import org.modnas.models.layers.SeededDropout;
import org.modnas.models.space.Slot;

/**
 * The MobileNetV2 family as search-space templates: stem 3×3 conv → BN →
 * ReLU6; inverted-residual blocks whose conv part is a {@link Slot} named {@code blocks.<i>.conv}
 * with {@code expansion = t} (shortcut when stride 1 and chnIn = chnOut); head 1×1 conv → BN →
 * ReLU6 → global pool → dropout 0.2 → linear. Building each slot as {@code MB3E<t>} gives the
 * published network. The stage tables are immutable; every build makes its own copy.
 */
public final class MobileNetV2 {
    /** One row of the table: expansion t, channels c, blocks n, stride of the first block s. */
    public record Stage(int t, int c, int n, int s) {
    }

    /** Published MobileNetV2: the stem row, then seven stages. */
    public static final List<Stage> ORIGINAL = List.of(
            new Stage(0, 32, 1, 2), new Stage(1, 16, 1, 1), new Stage(6, 24, 2, 2), new Stage(6, 32, 3, 2),
            new Stage(6, 64, 4, 2), new Stage(6, 96, 3, 1), new Stage(6, 160, 3, 2), new Stage(6, 320, 1, 1));

    /** The deeper and wider GPU variant. */
    public static final List<Stage> GPU = List.of(
            new Stage(0, 32, 1, 2), new Stage(1, 16, 1, 1), new Stage(6, 24, 4, 2), new Stage(6, 40, 4, 2),
            new Stage(6, 80, 4, 2), new Stage(6, 96, 4, 1), new Stage(6, 192, 4, 2), new Stage(6, 320, 1, 1));

    private static final int LAST_CHANNEL = 1280;
    private static final float DROPOUT = 0.2f;

    private MobileNetV2() {
    }

    /** A copy of {@code cfgs} with the CIFAR stride changes: stem stride 1 and the sixth stage stride 1. */
    public static List<Stage> cifar(List<Stage> cfgs) {
        List<Stage> out = new ArrayList<>(cfgs);
        out.set(0, withStride(out.get(0), 1));
        out.set(6, withStride(out.get(6), 1));
        return List.copyOf(out);
    }

    private static Stage withStride(Stage s, int stride) {
        return new Stage(s.t(), s.c(), s.n(), stride);
    }

    /**
     * Builds the template.
     *
     * @param cfgs the stem row then the stages
     * @param nClasses classifier outputs
     * @param chnIn input channels (1 for grayscale)
     * @param widthCoeff channel multiplier (torchvision rounding)
     * @param depthCoeff block-count multiplier (rounded up)
     */
    public static SequentialBlock build(List<Stage> cfgs, int nClasses, int chnIn, double widthCoeff, double depthCoeff) {
        if (nClasses <= 0 || chnIn <= 0 || !(widthCoeff > 0) || !(depthCoeff > 0)) {
            throw new IllegalArgumentException("MobileNetV2 needs n_classes, chn_in, width_coeff and depth_coeff > 0, got n_classes="
                    + nClasses + " chn_in=" + chnIn + " width_coeff=" + widthCoeff + " depth_coeff=" + depthCoeff);
        }
        SequentialBlock net = new SequentialBlock();
        Stage stem = cfgs.get(0);
        int c = makeDivisible(stem.c() * widthCoeff, 8);
        net.add(new SequentialBlock().add(Layers.conv(c, 3, stem.s())).add(Layers.batchNorm()).add(Act.relu6()));
        int block = 0;
        for (int i = 1; i < cfgs.size(); i++) {
            Stage st = cfgs.get(i);
            int out = makeDivisible(st.c() * widthCoeff, 8);
            int n = (int) Math.ceil(st.n() * depthCoeff);
            for (int j = 0; j < n; j++) {
                int stride = j == 0 ? st.s() : 1;
                Map<String, Object> kwargs = new LinkedHashMap<>(); // in this order, for descriptions
                kwargs.put("expansion", st.t());
                kwargs.put("stage", i);
                Slot slot = new Slot("blocks." + block + ".conv", c, out, stride, kwargs);
                net.add(new Residual("conv", slot, stride == 1 && c == out));
                c = out;
                block++;
            }
        }
        int last = makeDivisible(LAST_CHANNEL * Math.max(1.0, widthCoeff), 8);
        net.add(new SequentialBlock().add(Layers.conv(last, 1, 1)).add(Layers.batchNorm()).add(Act.relu6()));
        net.add(new GlobalAvgPool());
        net.add(new SeededDropout(DROPOUT));
        net.add(Linear.builder().setUnits(nClasses).build());
        return net;
    }

    /** torchvision's rounding: nearest multiple of {@code divisor}, never below 90 % of {@code v}. */
    public static int makeDivisible(double v, int divisor) {
        int nv = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        if (nv < 0.9 * v) {
            nv += divisor;
        }
        return nv;
    }
}

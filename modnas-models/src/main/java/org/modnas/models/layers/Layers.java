package org.modnas.models.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;

/** Builders for the convolution and batch-norm layers every primitive uses (no conv bias). */
public final class Layers {
    private Layers() {
    }

    /** A k×k convolution without bias, padding {@code dilation·(k-1)/2} ("same" at stride 1). */
    public static Block conv(int chnOut, int kernel, int stride, int groups, int dilation) {
        int pad = dilation * (kernel - 1) / 2;
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(chnOut)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .optDilation(new Shape(dilation, dilation))
                .optGroups(groups)
                .optBias(false)
                .build();
    }

    public static Block conv(int chnOut, int kernel, int stride) {
        return conv(chnOut, kernel, stride, 1, 1);
    }

    /** A depthwise k×k convolution over {@code channels}. */
    public static Block depthwise(int channels, int kernel, int stride, int dilation) {
        return conv(channels, kernel, stride, channels, dilation);
    }

    /**
     * The share of its running statistics a batch-norm layer keeps per training batch (DJL's
     * convention; PyTorch's momentum 0.1).
     */
    public static final float BN_MOMENTUM = 0.9f;

    public static Block batchNorm() {
        return new BatchNorm2d(BN_MOMENTUM);
    }
}

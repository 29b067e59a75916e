package org.modnas.models.metrics;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;

/**
 * Computes {@link ModelStats} of a block analytically: a walk over the blocks that
 * would run, propagating shapes, counting weights. Nothing is initialised and no tensor is made,
 * so a 224×224 network costs microseconds. Mixed ops count what they hold: an Index op its chosen
 * candidate only, the other mixed ops every candidate (see {@code MixedOp#profile}).
 */
public final class Profiler {
    private long params;
    private long macs;

    private Profiler() {
    }

    /**
     * Params and MACs of {@code block} for one sample of shape {@code sampleShape} (no batch
     * dimension, e.g. {@code (3, 224, 224)}).
     */
    public static ModelStats profile(Block block, Shape sampleShape) {
        Profiler p = new Profiler();
        Shape out = p.visit(block, new Shape(1).addAll(sampleShape));
        return new ModelStats(p.params, p.macs, out);
    }

    /** Profiles one block of the walk on input {@code input} and returns its output shape. */
    public Shape visit(Block block, Shape input) {
        if (block instanceof Profiled p) {
            return p.profile(input, this);
        }
        if (block instanceof Conv2d c) {
            return conv(c, input);
        }
        if (block instanceof BatchNorm bn) {
            long trainable = bn.getDirectParameters().values().stream().filter(Parameter::requiresGradient).count();
            params += trainable * input.get(1);
            return input;
        }
        if (block instanceof Linear l) {
            Shape out = l.getOutputShapes(new Shape[] {input})[0];
            long in = input.get(input.dimension() - 1);
            long units = out.get(out.dimension() - 1);
            boolean bias = l.getDirectParameters().contains("bias");
            long rows = input.size() / in;
            params += in * units + (bias ? units : 0);
            macs += rows * in * units;
            return out;
        }
        if (block instanceof Dropout) {
            return input;
        }
        if (block instanceof SequentialBlock s) {
            Shape x = input;
            for (Pair<String, Block> child : s.getChildren()) {
                x = visit(child.getValue(), x);
            }
            return x;
        }
        throw new IllegalArgumentException("cannot profile block " + block.getClass().getName()
                + ": it is not a known DJL layer and does not implement " + Profiled.class.getName());
    }

    /** Adds trainable elements of a block's own weights. */
    public void addParams(long n) {
        params += n;
    }

    /** Adds multiply-accumulates of a block's own computation. */
    public void addMacs(long n) {
        macs += n;
    }

    private Shape conv(Conv2d c, Shape input) {
        if (input.dimension() != 4) {
            throw new IllegalArgumentException("Conv2d needs an NCHW input, got " + input);
        }
        long cin = input.get(1);
        int groups = c.getGroups();
        if (cin % groups != 0) {
            throw new IllegalArgumentException("Conv2d with " + groups + " groups on " + cin + " channels");
        }
        Shape k = c.getKernelShape();
        long weight = c.getFilters() * (cin / groups) * k.get(0) * k.get(1);
        long h = outSize(input.get(2), k.get(0), c.getStride().get(0), c.getPadding().get(0), c.getDilation().get(0));
        long w = outSize(input.get(3), k.get(1), c.getStride().get(1), c.getPadding().get(1), c.getDilation().get(1));
        params += weight + (c.isIncludeBias() ? c.getFilters() : 0);
        macs += input.get(0) * weight * h * w;
        return new Shape(input.get(0), c.getFilters(), h, w);
    }

    /** Output length of a convolution or pooling window along one axis. */
    public static long outSize(long in, long kernel, long stride, long pad, long dilation) {
        long out = (in + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
        if (out <= 0) {
            throw new IllegalArgumentException("input size " + in + " is too small for kernel " + kernel
                    + " (stride " + stride + ", padding " + pad + ", dilation " + dilation + ")");
        }
        return out;
    }
}

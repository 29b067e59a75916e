package org.modnas.models.metrics;

import ai.djl.ndarray.types.Shape;

/**
 * A block that tells the {@link Profiler} what it runs: it visits each child it would run on an
 * input of the given shape, adds the trainable elements and MACs of its own weights, and returns
 * its output shape. Blocks of this project implement it; DJL's convolution, batch norm, linear,
 * dropout and sequential blocks are understood by the profiler directly.
 */
public interface Profiled {
    /**
     * @param input the input shape, batch dimension first
     * @param profiler the walk in progress; call {@link Profiler#visit} on children
     * @return the output shape
     */
    Shape profile(Shape input, Profiler profiler);
}

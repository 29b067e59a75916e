package org.modnas.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Gradient recording for the PyTorch engine that is safe with several candidates training at once
 * in one JVM (Spark runs one task per core in an executor). DJL's {@code GradientCollector} allows
 * only one collector per process; PyTorch's grad mode is per thread, so each training thread
 * switches its own mode here and calls backward directly.
 */
public final class Autograd {
    static {
        // the native library must be loaded before any JniUtils call
        ai.djl.engine.Engine.getEngine("PyTorch");
        NativeAllocator.tune();
    }

    private Autograd() {
    }

    /** Turns gradient recording on or off for the calling thread. */
    public static void record(boolean on) {
        JniUtils.setGradMode(on);
    }

    /** Whether the calling thread records gradients now. */
    public static boolean recording() {
        return JniUtils.isGradMode();
    }

    /**
     * Runs {@code edit} with recording off, then restores the mode: in-place writes into parameters
     * that require gradients (copying weights, reordering channels) are not operations to record.
     */
    public static void withoutRecording(Runnable edit) {
        boolean was = recording();
        record(false);
        try {
            edit.run();
        } finally {
            record(was);
        }
    }

    /** Back-propagates a scalar loss into the gradients of every array that requires one. */
    public static void backward(NDArray loss) {
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        }
    }

    /**
     * The gradient of {@code array}, attached to {@code scope} so it is released with it, or null
     * when the last backward pass did not reach the array (an unused candidate of a mixed op).
     */
    public static NDArray gradient(NDArray array, NDManager scope) {
        PtNDArray g = JniUtils.getGradient((PtNDArray) array);
        if (g == null) {
            return null;
        }
        g.attach(scope);
        return g;
    }

    /** Clears the gradient of {@code array} so the next backward pass starts from zero. */
    public static void zeroGradient(NDArray array) {
        JniUtils.zeroGrad((PtNDArray) array);
    }

    /** Sets the engine's intra-op thread count (process-wide in PyTorch). */
    static void threads(int n) {
        if (n > 0 && JniUtils.getNumThreads() != n) {
            JniUtils.setNumThreads(n);
        }
    }
}

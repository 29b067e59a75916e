package org.modnas.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.modnas.models.metrics.Profiled;
import org.modnas.models.metrics.Profiler;

/**
 * Batch normalisation over the channels of an NCHW input, as PyTorch's {@code BatchNorm2d}: learned
 * scale and shift ({@code gamma}, {@code beta}) and running mean and variance, the same parameters,
 * types and initial values as DJL's {@code BatchNorm}, computed by one engine call. DJL's own block
 * wraps that call in two axis swaps and a scratch manager, which in a MobileNetV2 step cost more
 * Java time between operators than the rest of the step together.
 */
public final class BatchNorm2d extends AbstractBlock implements Profiled {
    private static final float EPSILON = 1e-5f;
    private final float keep;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /**
     * @param keep the share of its running statistics the layer keeps per training batch (PyTorch's
     *             momentum is {@code 1 - keep})
     */
    public BatchNorm2d(float keep) {
        this.keep = keep;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape channels = new Shape(inputShapes[0].get(1));
        gamma.setShape(channels);
        beta.setShape(channels);
        runningMean.setShape(channels);
        runningVar.setShape(channels);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        var device = x.getDevice();
        PtNDArray y = JniUtils.batchNorm((PtNDArray) x, (PtNDArray) ps.getValue(runningMean, device, training),
                (PtNDArray) ps.getValue(runningVar, device, training), (PtNDArray) ps.getValue(gamma, device, training),
                (PtNDArray) ps.getValue(beta, device, training), training, 1f - keep, EPSILON);
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public Shape profile(Shape input, Profiler profiler) {
        profiler.addParams(2 * input.get(1));
        return input;
    }

    @Override
    public String toString() {
        return "BatchNorm2d()";
    }
}

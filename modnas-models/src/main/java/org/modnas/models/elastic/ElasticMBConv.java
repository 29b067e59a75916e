package org.modnas.models.elastic;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.modnas.models.layers.FusedOps;
import org.modnas.models.layers.Layers;
import org.modnas.models.metrics.Profiled;
import org.modnas.models.metrics.Profiler;
import org.modnas.models.train.Autograd;

/**
 * A mobile inverted residual block whose expansion, kernel size and presence are elastic, as in
 * Once-for-All: one set of weights, sized for the largest expansion and kernel, serves every
 * setting. At expansion e the block uses the first {@code chnIn·e} hidden channels of its expand
 * convolution, depthwise convolution and batch norms (after ranking, the most important ones); at
 * expansion 1 it has no expand convolution, as the published MobileNetV2 block of t = 1. At kernel k
 * the depthwise filter is the centre k×k of the next larger kernel's filter passed through a learned
 * k²×k² transform, initialised to the identity, applied from the largest kernel down. A skipped block
 * (a shallower stage) outputs zeros, so its residual shortcut passes the input on unchanged.
 * Configured this way, the block computes exactly what the plain {@code MB{k}E{e}} primitive computes
 * with the corresponding slices of the weights ({@link #copyInto}).
 */
public final class ElasticMBConv extends AbstractBlock implements Profiled {
    private static final float EPSILON = 1e-5f;

    private final String name;
    private final Choices choices;
    private final int chnIn;
    private final int chnOut;
    private final int stride;
    private final int maxExpansion;
    private final List<Integer> kernels;
    private final Parameter expand;
    private final Norm norm1;
    private final Parameter depthwise;
    private final List<Parameter> transforms = new ArrayList<>();
    private final Norm norm2;
    private final Parameter project;
    private final Norm norm3;
    private int expansion;
    private int kernel;
    private boolean skipped;

    /**
     * Where the block sits and what the search may set: its stage and position in it (position 0
     * is never skipped), the stage's block count, the depth, expansion and kernel choices (a single
     * choice when that dimension is not elastic), and how its hidden channels are ranked.
     */
    public record Choices(int stage, int position, int stageBlocks, List<Integer> depths, List<Integer> expansions,
                          List<Integer> kernels, ChannelRanking ranking) {
        public Choices {
            depths = depths.stream().distinct().sorted().toList();
            expansions = expansions.stream().distinct().sorted().toList();
            kernels = kernels.stream().distinct().sorted().toList();
        }
    }

    /** A batch norm's four parameters. */
    private record Norm(Parameter gamma, Parameter beta, Parameter mean, Parameter var) {
    }

    /**
     * @param name    the slot's name, for messages and params
     * @param choices where the block sits and what may be set; the largest expansion and kernel size the weights
     */
    public ElasticMBConv(String name, int chnIn, int chnOut, int stride, Choices choices) {
        if (choices.kernels().isEmpty() || choices.kernels().stream().anyMatch(k -> k < 1 || k % 2 == 0)
                || choices.expansions().isEmpty() || choices.expansions().get(0) < 1) {
            throw new IllegalArgumentException(name + ": elastic kernels must be odd sizes and expansions >= 1, got "
                    + choices.kernels() + " and " + choices.expansions());
        }
        this.name = name;
        this.choices = choices;
        this.chnIn = chnIn;
        this.chnOut = chnOut;
        this.stride = stride;
        this.maxExpansion = choices.expansions().get(choices.expansions().size() - 1);
        this.kernels = choices.kernels();
        this.expand = addParameter(weight("expand"));
        this.norm1 = norm("bn1");
        this.depthwise = addParameter(weight("depthwise"));
        for (int i = 0; i + 1 < this.kernels.size(); i++) {
            int k = this.kernels.get(i);
            transforms.add(addParameter(weight("transform" + this.kernels.get(i + 1) + "to" + k)));
        }
        this.norm2 = norm("bn2");
        this.project = addParameter(weight("project"));
        this.norm3 = norm("bn3");
        this.expansion = maxExpansion;
        this.kernel = maxKernel();
    }

    private static Parameter weight(String name) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
    }

    private Norm norm(String prefix) {
        return new Norm(addParameter(Parameter.builder().setName(prefix + ".gamma").setType(Parameter.Type.GAMMA).build()),
                addParameter(Parameter.builder().setName(prefix + ".beta").setType(Parameter.Type.BETA).build()),
                addParameter(Parameter.builder().setName(prefix + ".runningMean").setType(Parameter.Type.RUNNING_MEAN)
                        .optRequiresGrad(false).build()),
                addParameter(Parameter.builder().setName(prefix + ".runningVar").setType(Parameter.Type.RUNNING_VAR)
                        .optRequiresGrad(false).build()));
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        int hidden = chnIn * maxExpansion;
        int k = maxKernel();
        expand.setShape(new Shape(hidden, chnIn, 1, 1));
        depthwise.setShape(new Shape(hidden, 1, k, k));
        for (int i = 0; i < transforms.size(); i++) {
            int small = kernels.get(i);
            transforms.get(i).setShape(new Shape(small * small, small * small));
        }
        project.setShape(new Shape(chnOut, hidden, 1, 1));
        for (Norm n : List.of(norm1, norm2)) {
            for (Parameter p : List.of(n.gamma(), n.beta(), n.mean(), n.var())) {
                p.setShape(new Shape(hidden));
            }
        }
        for (Parameter p : List.of(norm3.gamma(), norm3.beta(), norm3.mean(), norm3.var())) {
            p.setShape(new Shape(chnOut));
        }
    }

    /** Initialises the weights as DJL would, then every kernel transform to the identity (OFA's choice). */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        Autograd.withoutRecording(() -> {
            for (Parameter t : transforms) {
                try (NDArray eye = manager.eye((int) t.getArray().getShape().get(0)).toType(dataType, false)) {
                    t.getArray().set(new NDIndex(":"), eye);
                }
            }
        });
    }

    public String name() {
        return name;
    }

    public Choices choices() {
        return choices;
    }

    public int chnIn() {
        return chnIn;
    }

    public int chnOut() {
        return chnOut;
    }

    public int stride() {
        return stride;
    }

    public int maxExpansion() {
        return maxExpansion;
    }

    public int maxKernel() {
        return kernels.get(kernels.size() - 1);
    }

    /** The kernel sizes, ascending. */
    public List<Integer> kernels() {
        return kernels;
    }

    /** Whether the block can be skipped: it keeps its input's shape, so its shortcut carries the input on. */
    public boolean skippable() {
        return stride == 1 && chnIn == chnOut;
    }

    public int expansion() {
        return expansion;
    }

    public int kernel() {
        return kernel;
    }

    public boolean skipped() {
        return skipped;
    }

    /** Sets the active expansion (1..max), kernel (one of {@link #kernels}) and whether the block is skipped. */
    public void configure(int expansion, int kernel, boolean skipped) {
        if (expansion < 1 || expansion > maxExpansion) {
            throw new IllegalArgumentException(name + ": expansion " + expansion + " outside 1.." + maxExpansion);
        }
        if (!kernels.contains(kernel)) {
            throw new IllegalArgumentException(name + ": kernel " + kernel + " is not one of " + kernels);
        }
        if (skipped && !skippable()) {
            throw new IllegalArgumentException(name + " changes its input's shape, so it cannot be skipped");
        }
        this.expansion = expansion;
        this.kernel = kernel;
        this.skipped = skipped;
    }

    /** The hidden channels at the active expansion. */
    public int hidden() {
        return chnIn * expansion;
    }

    /** The primitive the active setting computes: {@code MB{k}E{e}}, or {@code NIL} when skipped. */
    public String primitive() {
        return skipped ? "NIL" : "MB" + kernel + "E" + expansion;
    }

    /** Every primitive a setting of this block computes: {@code MB{k}E{e}} per kernel and expansion, and {@code NIL} when skippable. */
    public List<String> primitives() {
        List<String> out = new ArrayList<>();
        for (int k : kernels) {
            for (int e = 1; e <= maxExpansion; e++) {
                out.add("MB" + k + "E" + e);
            }
        }
        if (skippable() && choices.position() > 0) {
            out.add("NIL");
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (skipped) {
            return new NDList(x.zerosLike());
        }
        Device d = x.getDevice();
        int h = hidden();
        NDArray y = x;
        if (expansion != 1) {
            NDArray w = ps.getValue(expand, d, training).get(new NDIndex(":{}", h));
            y = Conv2d.conv2d(y, w, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
            y = FusedOps.relu6(batchNorm(y, norm1, h, ps, d, training));
        }
        NDArray dw = depthwiseFilter(ps, d, training, h);
        int pad = kernel / 2;
        y = Conv2d.conv2d(y, dw, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), h).singletonOrThrow();
        y = FusedOps.relu6(batchNorm(y, norm2, h, ps, d, training));
        NDArray p = ps.getValue(project, d, training).get(new NDIndex(":, :{}", h));
        y = Conv2d.conv2d(y, p, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
        return new NDList(batchNorm(y, norm3, chnOut, ps, d, training));
    }

    /**
     * The depthwise filter of the active kernel over the first {@code h} hidden channels: the largest
     * kernel's filter, cropped to the centre of each smaller kernel in turn and passed through that
     * kernel's transform ({@code crop · Tᵀ}, as PyTorch's {@code F.linear}).
     */
    private NDArray depthwiseFilter(ParameterStore ps, Device d, boolean training, int h) {
        NDArray w = ps.getValue(depthwise, d, training).get(new NDIndex(":{}", h));
        for (int i = kernels.size() - 1; i > kernels.indexOf(kernel); i--) {
            int big = kernels.get(i);
            int small = kernels.get(i - 1);
            int off = (big - small) / 2;
            NDArray crop = w.get(new NDIndex(":, :, {}:{}, {}:{}", off, off + small, off, off + small)).reshape(h, small * small);
            NDArray t = ps.getValue(transforms.get(i - 1), d, training);
            w = crop.matMul(t.transpose()).reshape(h, 1, small, small);
        }
        return w;
    }

    /**
     * Batch norm over the first {@code c} channels. The running statistics are views of the first
     * {@code c} entries of the full buffers, so a training step updates exactly those entries.
     */
    private static NDArray batchNorm(NDArray y, Norm n, int c, ParameterStore ps, Device d, boolean training) {
        NDIndex first = new NDIndex(":{}", c);
        PtNDArray mean = (PtNDArray) ps.getValue(n.mean(), d, training).get(first);
        PtNDArray var = (PtNDArray) ps.getValue(n.var(), d, training).get(first);
        PtNDArray gamma = (PtNDArray) ps.getValue(n.gamma(), d, training).get(first);
        PtNDArray beta = (PtNDArray) ps.getValue(n.beta(), d, training).get(first);
        return JniUtils.batchNorm((PtNDArray) y, mean, var, gamma, beta, training, 1f - Layers.BN_MOMENTUM, EPSILON);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = in[0];
        return new Shape[] {new Shape(s.get(0), chnOut, (s.get(2) + stride - 1) / stride, (s.get(3) + stride - 1) / stride)};
    }

    /** The params and MACs of the active setting: those of {@code MB{k}E{e}}, nothing when skipped; the transforms are the supernet's only. */
    @Override
    public Shape profile(Shape input, Profiler profiler) {
        if (input.get(1) != chnIn) {
            throw new IllegalArgumentException(name + " expects " + chnIn + " input channels, got shape " + input);
        }
        Shape out = getOutputShapes(new Shape[] {input})[0];
        if (skipped) {
            return out;
        }
        long batch = input.get(0);
        long inPixels = input.get(2) * input.get(3);
        long outPixels = out.get(2) * out.get(3);
        long h = hidden();
        if (expansion != 1) {
            profiler.addParams(h * chnIn + 2 * h);
            profiler.addMacs(batch * h * chnIn * inPixels);
        }
        profiler.addParams(h * kernel * kernel + 2 * h);
        profiler.addMacs(batch * h * kernel * kernel * outPixels);
        profiler.addParams((long) chnOut * h + 2L * chnOut);
        profiler.addMacs(batch * chnOut * h * outPixels);
        return out;
    }

    /** The expand weights' L1 norm per hidden channel (the channel as the expand's output). */
    NDArray expandL1() {
        return expand.getArray().abs().sum(new int[] {1, 2, 3});
    }

    /** The project weights' L1 norm per hidden channel (the channel as the project's input), OFA's importance. */
    NDArray projectL1() {
        return project.getArray().abs().sum(new int[] {0, 2, 3});
    }

    /** |γ| of the depthwise batch norm per hidden channel. */
    NDArray bnL1() {
        return norm2.gamma().getArray().abs();
    }

    /**
     * Reorders the hidden channels by {@code order} (new position i holds old channel order[i]) in
     * every weight that has them: the expand rows and its batch norm, the depthwise filters and their
     * batch norm, the project columns. The full block computes the same function afterwards.
     */
    void reorderHidden(NDArray order) {
        Autograd.withoutRecording(() -> {
            permute(expand, order, 0);
            for (Parameter p : List.of(norm1.gamma(), norm1.beta(), norm1.mean(), norm1.var(),
                    norm2.gamma(), norm2.beta(), norm2.mean(), norm2.var())) {
                permute(p, order, 0);
            }
            permute(depthwise, order, 0);
            permute(project, order, 1);
        });
    }

    private static void permute(Parameter p, NDArray order, int axis) {
        NDArray a = p.getArray();
        try (NDArray sorted = (axis == 0 ? a.get(order) : a.get(new NDIndex(":, {}", order))).duplicate()) {
            a.set(new NDIndex(":"), sorted);
        }
    }

    /**
     * Copies the active setting's weights into {@code plain}, the {@code MB{k}E{e}} primitive built
     * for the same slot (a sequential block of conv, BN, ReLU6, depthwise conv, BN, ReLU6, conv, BN,
     * the first three absent at expansion 1), so the plain block computes what this block computes.
     */
    public void copyInto(ai.djl.nn.Block plain, NDManager manager) {
        Autograd.withoutRecording(() -> copySlices(plain, manager));
    }

    private void copySlices(ai.djl.nn.Block plain, NDManager manager) {
        List<Parameter> target = new ArrayList<>(plain.getParameters().values());
        List<NDArray> source = new ArrayList<>();
        int h = hidden();
        NDIndex first = new NDIndex(":{}", h);
        if (expansion != 1) {
            source.add(expand.getArray().get(first));
            source.addAll(slices(norm1, first));
        }
        source.add(depthwiseFilter(new ParameterStore(manager, false), expand.getArray().getDevice(), false, h));
        source.addAll(slices(norm2, first));
        source.add(project.getArray().get(new NDIndex(":, :{}", h)));
        source.addAll(slices(norm3, new NDIndex(":")));
        if (source.size() != target.size()) {
            throw new IllegalArgumentException(name + ": " + primitive() + " has " + target.size() + " parameters, the elastic block "
                    + source.size());
        }
        for (int i = 0; i < target.size(); i++) {
            NDArray t = target.get(i).getArray();
            if (!t.getShape().equals(source.get(i).getShape())) {
                throw new IllegalArgumentException(name + ": parameter " + i + " of " + primitive() + " has shape " + t.getShape()
                        + ", the elastic slice " + source.get(i).getShape());
            }
            t.set(new NDIndex(":"), source.get(i));
        }
    }

    /** gamma, beta, running mean, running var: the order DJL's and this project's batch norms declare them. */
    private static List<NDArray> slices(Norm n, NDIndex index) {
        return List.of(n.gamma().getArray().get(index), n.beta().getArray().get(index), n.mean().getArray().get(index),
                n.var().getArray().get(index));
    }

    @Override
    public String toString() {
        return "ElasticMBConv(" + name + ", " + chnIn + "→" + chnOut + ", stride " + stride + ", " + primitive() + " of E"
                + maxExpansion + " k" + kernels + ")";
    }
}

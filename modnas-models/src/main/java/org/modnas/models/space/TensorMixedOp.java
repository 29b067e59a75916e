package org.modnas.models.space;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.modnas.core.arch.Param;
import org.modnas.core.util.Rng;

/**
 * A mixed op whose arch param is a {@link TensorParam} α over its candidates, initialised to
 * 1e-3·N(0, 1) from the space's seed (DARTS' initialisation), and exported as the top-k by α.
 * {@link #fix} makes it run one candidate only, whatever α says: the subnet a search derived, for
 * validating it on the supernet's weights.
 */
public abstract class TensorMixedOp extends MixedOp {
    private final Parameter alpha;
    private final TensorParam param;
    /** The op's own generator for sampling paths and noise. */
    protected final Rng rng;
    private int fixed = -1;

    protected TensorMixedOp(MixedOpInputs in) {
        super(in);
        this.rng = in.rng();
        int n = in.names().size();
        float[] init = new float[n];
        for (int i = 0; i < n; i++) {
            init[i] = (float) (1e-3 * rng.nextGaussian());
        }
        alpha = addParameter(Parameter.builder()
                .setName("alpha")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(n))
                .optInitializer((NDManager m, Shape shape, DataType dt) -> m.create(init).toType(dt, false))
                .build());
        param = new TensorParam(in.slotName(), in.names(), alpha, init);
    }

    @Override
    public Param param() {
        return param;
    }

    public TensorParam tensorParam() {
        return param;
    }

    /** The op's generator (its state is part of a search checkpoint). */
    public Rng generator() {
        return rng;
    }

    /** Runs only candidate {@code index} from now on, in every mode; -1 returns to mixing. */
    public void fix(int index) {
        if (index < -1 || index >= candidates().size()) {
            throw new IndexOutOfBoundsException("slot '" + slotName() + "' has " + candidates().size() + " candidates, got " + index);
        }
        fixed = index;
    }

    /** The index of the best candidate by α. */
    public int best() {
        return argmax(param.values());
    }

    @Override
    protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (fixed >= 0) {
            return candidates().get(fixed).forward(ps, inputs, training, params);
        }
        return forwardMixed(ps, inputs, training);
    }

    /** Supernet totals; while {@link #fix fixed}, the fixed candidate's alone (the derived subnet's). */
    @Override
    public Shape profile(Shape input, org.modnas.models.metrics.Profiler profiler) {
        return fixed >= 0 ? profiler.visit(candidates().get(fixed), input) : super.profile(input, profiler);
    }

    /** The op's own combination of its candidates. */
    protected abstract NDList forwardMixed(ParameterStore ps, NDList inputs, boolean training);

    /** α as it takes part in this forward pass. */
    protected NDArray alpha(ParameterStore ps, NDArray like, boolean training) {
        return ps.getValue(alpha, like.getDevice(), training);
    }

    /** softmax(α) as floats, for sampling and export. */
    public float[] probabilities() {
        return softmax(param.values());
    }

    @Override
    public List<String> topk(int k) {
        float[] a = param.values();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -a[i]).thenComparingInt(i -> i));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, a.length); i++) {
            out.add(candidateNames().get(order.get(i)));
        }
        return out;
    }

    static float[] softmax(float[] a) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : a) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            e[i] = Math.exp(a[i] - max);
            sum += e[i];
        }
        float[] p = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    /** An index drawn from {@code p} (which sums to 1), using {@code rng}. */
    static int sample(float[] p, Rng rng) {
        double u = rng.nextDouble();
        double acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            if (u < acc) {
                return i;
            }
        }
        return p.length - 1;
    }

    static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }
}

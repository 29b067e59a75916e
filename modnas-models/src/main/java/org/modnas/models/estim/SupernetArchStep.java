package org.modnas.models.estim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;
import org.modnas.models.data.Batch;
import org.modnas.models.optim.ArchStepContext;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.TensorMixedOp;
import org.modnas.models.train.Autograd;
import org.modnas.models.train.ImageTrainer;

/**
 * A supernet as a gradient optimizer sees it during one arch step: the trainer's weights and
 * momentum, the α of the gradient mixed ops, and the losses of the step's training and validation
 * batches (the latter with the architecture's cost, when one is configured).
 */
public final class SupernetArchStep implements ArchStepContext {
    private final ImageTrainer trainer;
    private final List<Parameter> weightParams;
    private final List<NDArray> weights;
    private final List<NDArray> alphas;
    private final List<TensorMixedOp> ops;
    private final ArchCost cost;
    private final NDManager manager;
    private Batch trainBatch;
    private Batch validBatch;
    private double lr;

    /** The context of a supernet searched without a cost. */
    public SupernetArchStep(ImageTrainer trainer, List<Parameter> weightParams, SearchSpace space, NDManager manager) {
        this(trainer, weightParams, space, null, manager);
    }

    /**
     * @param weightParams the parameters the trainer trains, in the order {@link #weights} gives them
     * @param cost         the architecture's cost put into the validation loss, or null
     */
    SupernetArchStep(ImageTrainer trainer, List<Parameter> weightParams, SearchSpace space, ArchCost cost, NDManager manager) {
        this.trainer = trainer;
        this.weightParams = weightParams;
        this.weights = weightParams.stream().map(Parameter::getArray).toList();
        this.alphas = space.alphaParameters().stream().map(Parameter::getArray).toList();
        this.ops = space.tensorMixedOps();
        this.cost = cost;
        this.manager = manager;
    }

    /** Points the context at the step's training batch, validation batch and learning rate. */
    public SupernetArchStep at(Batch train, Batch valid, double rate) {
        this.trainBatch = train;
        this.validBatch = valid;
        this.lr = rate;
        return this;
    }

    @Override
    public List<NDArray> weights() {
        return weights;
    }

    @Override
    public List<NDArray> alphas() {
        return alphas;
    }

    @Override
    public List<TensorMixedOp> mixedOps() {
        return ops;
    }

    @Override
    public NDArray trainLoss(NDManager scope) {
        return trainer.loss(trainBatch, scope);
    }

    /** The validation loss, with the architecture's expected cost put in when one is configured. */
    @Override
    public NDArray validLoss(NDManager scope) {
        NDArray ce = trainer.loss(validBatch, scope);
        if (cost == null) {
            return ce;
        }
        Autograd.record(true);
        try {
            return cost.apply(ce, alphas, scope);
        } finally {
            Autograd.record(false);
        }
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public double momentum() {
        return trainer.config().momentum();
    }

    @Override
    public double weightDecay() {
        return trainer.config().weightDecay();
    }

    @Override
    public NDArray momentumBuffer(int i, NDManager scope) {
        return trainer.momentumBuffer(weightParams.get(i), scope);
    }

    @Override
    public NDManager manager() {
        return manager;
    }
}

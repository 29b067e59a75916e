package org.modnas.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's SGD over a fixed list of parameters — momentum (optionally Nesterov), weight decay,
 * a scale for gradient clipping — with its momentum buffers, which live in their own manager and
 * go with {@link #close()}. Parameter {@code i} of the trainer is buffer {@code i} here.
 */
final class SgdState implements AutoCloseable {
    private final NDManager buffers;
    private final TrainerConfig config;
    private final List<NDArray> momentum = new ArrayList<>();
    /** The learning rate each momentum buffer is scaled to (see {@link #fusedUpdate}). */
    private final double[] bufferLr;

    SgdState(int parameters, NDManager parent, TrainerConfig config) {
        this.buffers = parent.newSubManager();
        this.config = config;
        for (int i = 0; i < parameters; i++) {
            momentum.add(null);
        }
        this.bufferLr = new double[parameters];
    }

    /** Updates parameter {@code i}, array {@code p}, with gradient {@code g} scaled by {@code clip}. */
    void update(int i, NDArray p, NDArray g, double clip, double lr, NDManager scope) {
        if (config.momentum() > 0 && config.nesterov()) {
            nesterovUpdate(i, p, g, clip, lr, scope);
        } else {
            fusedUpdate(i, p, g, clip, lr);
        }
    }

    /**
     * PyTorch's SGD step ({@code d = clip·g + wd·p; buf = mu·buf + d; p -= lr·buf}, the first
     * {@code buf = d}) in one engine call per parameter. The engine's fused update keeps the buffer
     * scaled by the learning rate ({@code s = mu·s + lr·d; p -= s}), so {@code s = lr·buf}: before each
     * step the stored buffer is rescaled to the new learning rate, which makes the two agree exactly
     * under any schedule.
     */
    private void fusedUpdate(int i, NDArray p, NDArray g, double clip, double lr) {
        double mu = config.momentum();
        NDArray state = p;
        if (mu > 0) {
            state = momentum.get(i);
            if (state == null) {
                state = p.zerosLike();
                state.attach(buffers);
                momentum.set(i, state);
            } else if (bufferLr[i] != lr) {
                state.muli(lr / bufferLr[i]);
            }
            bufferLr[i] = lr;
        }
        JniUtils.sgdUpdate((PtNDArray) p, (PtNDArray) g, (PtNDArray) state, (float) lr, (float) config.weightDecay(),
                (float) clip, -1f, (float) mu);
    }

    /** Nesterov momentum, which the engine's fused update lacks: {@code p -= lr·(d + mu·buf)}. */
    private void nesterovUpdate(int i, NDArray p, NDArray g, double clip, double lr, NDManager scope) {
        double mu = config.momentum();
        // g belongs to this step, so it is updated in place: d = clip * g + wd * p
        NDArray d = clip == 1.0 ? g : g.muli(clip);
        if (config.weightDecay() > 0) {
            d.addi(scoped(p.mul(config.weightDecay()), scope));
        }
        NDArray buf = momentum.get(i);
        if (buf == null) {
            buf = d.duplicate();
            buf.attach(buffers);
            momentum.set(i, buf);
        } else {
            buf.muli(mu).addi(d);
        }
        NDArray delta = d.add(scoped(buf.mul(mu), scope)).muli(lr);
        delta.attach(scope);
        p.subi(delta);
    }

    /** Buffer {@code i} as PyTorch keeps it ({@code buf}, not the fused update's {@code lr·buf}) in {@code scope}, or null. */
    NDArray buffer(int i, NDManager scope) {
        NDArray s = momentum.get(i);
        if (s == null) {
            return null;
        }
        NDArray out = config.nesterov() ? s.duplicate() : s.div(bufferLr[i]);
        out.attach(scope);
        return out;
    }

    /** Writes the buffers and the learning rate each is scaled to. */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(momentum.size());
        for (int i = 0; i < momentum.size(); i++) {
            NDArray s = momentum.get(i);
            out.writeBoolean(s != null);
            if (s != null) {
                out.writeDouble(bufferLr[i]);
                byte[] bytes = s.encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    /** Restores what {@link #write} wrote, for the same parameters. */
    void read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n != momentum.size()) {
            throw new IOException("the optimizer state holds " + n + " parameters, the trainer " + momentum.size());
        }
        for (int i = 0; i < n; i++) {
            if (in.readBoolean()) {
                bufferLr[i] = in.readDouble();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                NDArray s = NDArray.decode(buffers, bytes).toDevice(buffers.getDevice(), false);
                s.attach(buffers);
                NDArray old = momentum.set(i, s);
                if (old != null) {
                    old.close();
                }
            }
        }
    }

    private static NDArray scoped(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }

    @Override
    public void close() {
        buffers.close();
    }
}

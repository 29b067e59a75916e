package org.modnas.models.layers;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * PyTorch operators the DJL API does not reach, each called through a tiny TorchScript module
 * written here (no Python involved) and run by the TorchScript interpreter; autograd records
 * through them like through any other op:
 * <ul>
 *   <li>{@code hardtanh}, the single fused kernel PyTorch's {@code ReLU6} is. DJL's {@code relu6} is
 *       a ReLU followed by a minimum against 6, and a clamp's backward is four passes over the
 *       tensor; in a MobileNetV2 training step either costs about a quarter of the step,
 *       {@code hardtanh} a twentieth ({@code HardtanhBackward0}).</li>
 *   <li>the channels-last memory format (NHWC strides for an NCHW tensor), in which oneDNN runs
 *       convolutions, depthwise ones above all, without reordering their inputs and outputs: a
 *       MobileNetV2 step takes about a third less time. Values and shapes do not change, only the
 *       order in memory; DJL copies such arrays to the usual order whenever it reads them out.</li>
 * </ul>
 * Without the PyTorch engine, or should a module not load, the same results come from DJL's own
 * operators (a clamp) or the array is left in its format.
 */
public final class FusedOps {
    /**
     * The TorchScript body of each operator's {@code forward(self, x: Tensor) -> Tensor}; 2 is
     * torch.channels_last. A clone, not {@code contiguous}: a tensor with one channel (an input image,
     * a depthwise kernel) counts as contiguous in both formats and would keep strides that oneDNN
     * does not take for channels-last.
     */
    private enum Op {
        RELU6("return torch.hardtanh(x, 0., 6.)"),
        CHANNELS_LAST("return x.clone(memory_format=2)"),
        CHANNELS_LAST_IN_PLACE("return x.set_(x.clone(memory_format=2))");

        final String body;
        volatile PtSymbolBlock module;
        volatile boolean unavailable;

        Op(String body) {
            this.body = body;
        }
    }

    private FusedOps() {
    }

    /** {@code min(max(x, 0), 6)}, with the gradient 1 strictly between 0 and 6 and 0 elsewhere, as PyTorch's ReLU6. */
    public static NDArray relu6(NDArray x) {
        NDArray y = run(Op.RELU6, x, JniUtils.isGradMode());
        return y != null ? y : x.clip(0, 6);
    }

    /**
     * {@code x} (4-D) in the channels-last memory format: a copy that gradients flow through, or
     * {@code x} itself when the format is not available.
     */
    public static NDArray channelsLast(NDArray x) {
        if (x.getShape().dimension() != 4) {
            return x;
        }
        NDArray y = run(Op.CHANNELS_LAST, x, true); // a normal tensor, whatever the grad mode: autograd may save it
        return y != null ? y : x;
    }

    /**
     * Puts a 4-D parameter array into the channels-last memory format in place: the same array
     * (the same handle, gradient flag and values), its storage reordered.
     */
    public static void toChannelsLast(NDArray parameter) {
        if (parameter.getShape().dimension() != 4) {
            return;
        }
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            // outside inference mode: a parameter must not become an inference tensor
            NDArray same = run(Op.CHANNELS_LAST_IN_PLACE, parameter, true);
            if (same != null) {
                same.close(); // another handle of the parameter's tensor
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    /**
     * Runs an operator's module on {@code x}, the result in {@code x}'s manager; null when the module is
     * not available.
     *
     * @param training false runs it in the engine's inference mode, whose results autograd cannot use
     */
    private static NDArray run(Op op, NDArray x, boolean training) {
        PtSymbolBlock m = module(op);
        if (m == null) {
            return null;
        }
        NDArray y = IValueUtils.forward(m, new NDList(x), training).singletonOrThrow();
        y.attach(x.getManager());
        return y;
    }

    private static PtSymbolBlock module(Op op) {
        PtSymbolBlock m = op.module;
        if (m != null || op.unavailable) {
            return m;
        }
        synchronized (FusedOps.class) {
            if (op.module == null && !op.unavailable) {
                try {
                    if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
                        op.unavailable = true;
                        return null;
                    }
                    // a graph of one op gains nothing from the profiling executor's specialisation per shape
                    JniUtils.setGraphExecutorOptimize(false);
                    PtNDManager owner = (PtNDManager) NDManager.newBaseManager();
                    op.module = JniUtils.loadModule(owner, new ByteArrayInputStream(archive(op.body)), false, false);
                } catch (RuntimeException | IOException | LinkageError e) {
                    op.unavailable = true;
                }
            }
            return op.module;
        }
    }

    /**
     * The TorchScript archive of a module whose {@code forward} is {@code body}: its code, its pickled
     * state (an instance of the class with {@code training = True}, pickle protocol 2), no constants,
     * and the format version.
     */
    static byte[] archive(String body) {
        String code = "class FusedOps(Module):\n  __parameters__ = []\n  __buffers__ = []\n  training : bool\n"
                + "  def forward(self: __torch__.FusedOps,\n    x: Tensor) -> Tensor:\n    " + body + "\n";
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.writeBytes(new byte[] {(byte) 0x80, 2, 'c'});                           // PROTO 2, GLOBAL
        pickle.writeBytes("__torch__\nFusedOps\n".getBytes(StandardCharsets.US_ASCII)); // module and class
        pickle.writeBytes(new byte[] {')', (byte) 0x81, '}', '(', 'X', 8, 0, 0, 0});     // () NEWOBJ, {, MARK, "training"
        pickle.writeBytes("training".getBytes(StandardCharsets.US_ASCII));
        pickle.writeBytes(new byte[] {(byte) 0x88, 'u', 'b', '.'});                       // True, SETITEMS, BUILD, STOP
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            stored(z, "fused/data.pkl", pickle.toByteArray());
            stored(z, "fused/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
            stored(z, "fused/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});   // an empty tuple
            stored(z, "fused/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip.toByteArray();
    }

    private static void stored(ZipOutputStream z, String name, byte[] content) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(content.length);
        e.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        e.setCrc(crc.getValue());
        z.putNextEntry(e);
        z.write(content);
        z.closeEntry();
    }
}

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
 * PyTorch operators the DJL API does not reach, called through a tiny TorchScript module written
 * here (no Python involved) and run by the TorchScript interpreter: {@code hardtanh}, the single
 * fused kernel PyTorch's {@code ReLU6} is. DJL's {@code relu6} is a ReLU followed by a minimum against
 * 6, and a clamp's backward is four passes over the tensor; in a MobileNetV2 training step either
 * costs about a quarter of the step, {@code hardtanh} a twentieth. Autograd records through the
 * module like any other op ({@code HardtanhBackward0}). Without the PyTorch engine, or should the
 * module not load, the same function is computed with a clamp.
 */
public final class FusedOps {
    private static final String CODE = """
            class FusedOps(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.FusedOps,
                x: Tensor) -> Tensor:
                return torch.hardtanh(x, 0., 6.)
            """;
    private static volatile PtSymbolBlock relu6;
    private static volatile boolean unavailable;

    private FusedOps() {
    }

    /** {@code min(max(x, 0), 6)}, with the gradient 1 strictly between 0 and 6 and 0 elsewhere, as PyTorch's ReLU6. */
    public static NDArray relu6(NDArray x) {
        PtSymbolBlock m = module();
        if (m == null) {
            return x.clip(0, 6);
        }
        // the flag is whether the module records gradients: the caller's grad mode decides
        NDArray y = IValueUtils.forward(m, new NDList(x), JniUtils.isGradMode()).singletonOrThrow();
        y.attach(x.getManager());
        return y;
    }

    private static PtSymbolBlock module() {
        PtSymbolBlock m = relu6;
        if (m != null || unavailable) {
            return m;
        }
        synchronized (FusedOps.class) {
            if (relu6 == null && !unavailable) {
                try {
                    if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
                        unavailable = true;
                        return null;
                    }
                    // a graph of one op gains nothing from the profiling executor's specialisation per shape
                    JniUtils.setGraphExecutorOptimize(false);
                    PtNDManager owner = (PtNDManager) NDManager.newBaseManager();
                    relu6 = JniUtils.loadModule(owner, new ByteArrayInputStream(archive()), false, false);
                } catch (RuntimeException | IOException | LinkageError e) {
                    unavailable = true;
                }
            }
            return relu6;
        }
    }

    /**
     * The TorchScript archive of the module: its code, its pickled state (an instance of the class with
     * {@code training = True}, pickle protocol 2), no constants, and the format version.
     */
    static byte[] archive() {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.writeBytes(new byte[] {(byte) 0x80, 2, 'c'});                           // PROTO 2, GLOBAL
        pickle.writeBytes("__torch__\nFusedOps\n".getBytes(StandardCharsets.US_ASCII)); // module and class
        pickle.writeBytes(new byte[] {')', (byte) 0x81, '}', '(', 'X', 8, 0, 0, 0});     // () NEWOBJ, {, MARK, "training"
        pickle.writeBytes("training".getBytes(StandardCharsets.US_ASCII));
        pickle.writeBytes(new byte[] {(byte) 0x88, 'u', 'b', '.'});                       // True, SETITEMS, BUILD, STOP
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            stored(z, "fused/data.pkl", pickle.toByteArray());
            stored(z, "fused/code/__torch__.py", CODE.getBytes(StandardCharsets.UTF_8));
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

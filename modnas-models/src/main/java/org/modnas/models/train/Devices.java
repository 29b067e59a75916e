package org.modnas.models.train;

import ai.djl.engine.Engine;
import java.util.List;

/**
 * The device a candidate trains on, from {@code trainer.device} and the GPU address Spark assigned
 * its task: {@code cpu} always trains on the CPU; {@code auto} (the default) on the assigned GPU when
 * the engine's native library has CUDA support, else on the CPU (so fake GPU addresses on a CPU
 * machine train on the CPU); {@code gpu} on the assigned GPU (GPU 0 without one) and refuses to run
 * without CUDA support, naming how to get it.
 */
public final class Devices {
    /** The words {@code trainer.device} may be. */
    public static final List<String> SETTINGS = List.of("auto", "cpu", "gpu");
    private static volatile Boolean cuda;

    private Devices() {
    }

    /**
     * The GPU address to train on, or null for the CPU.
     *
     * @param setting     {@code auto}, {@code cpu} or {@code gpu}
     * @param assignedGpu the GPU address Spark assigned the task, or null
     * @throws NoCudaException when {@code setting} is {@code gpu} and the engine has no CUDA support
     */
    public static String resolve(String setting, String assignedGpu) {
        return switch (setting) {
            case "cpu" -> null;
            case "auto" -> assignedGpu != null && hasCuda() ? assignedGpu : null;
            case "gpu" -> {
                if (!hasCuda()) {
                    throw new NoCudaException("trainer.device = gpu, but the PyTorch native library on the class path has "
                            + "no CUDA support (it is the CPU build" + (assignedGpu == null ? "" : "; Spark assigned GPU "
                            + assignedGpu) + "). Select the CUDA flavour where you launch the search: "
                            + "MODNAS_PYTORCH_NATIVE_JAR=<DJL's pytorch-native-cu* jar for PyTorch " + libtorchVersion()
                            + ">, or PYTORCH_LIBRARY_PATH=<a CUDA build of libtorch " + libtorchVersion() + ">; or set "
                            + "trainer.device = auto to train on the CPU");
                }
                yield assignedGpu != null ? assignedGpu : "0";
            }
            default -> throw new IllegalArgumentException("trainer.device must be one of " + String.join(", ", SETTINGS)
                    + ", got '" + setting + "'");
        };
    }

    /** How the candidates table names a device: {@code cpu} or {@code gpu:<address>}. */
    public static String label(String gpu) {
        return gpu == null ? "cpu" : "gpu:" + gpu;
    }

    /** True when the engine can run on a GPU here (looked up once per JVM). */
    public static boolean hasCuda() {
        Boolean c = cuda;
        if (c == null) {
            cuda = c = Engine.getInstance().getGpuCount() > 0;
        }
        return c;
    }

    private static String libtorchVersion() {
        try {
            return Engine.getInstance().getVersion();
        } catch (RuntimeException e) {
            return "of the bundled version";
        }
    }

    /** {@code trainer.device = gpu} where the engine cannot run on a GPU: no candidate can run, so the search stops. */
    public static final class NoCudaException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NoCudaException(String message) {
            super(message);
        }
    }
}

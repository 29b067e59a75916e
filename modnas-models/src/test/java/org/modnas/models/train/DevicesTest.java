package org.modnas.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** trainer.device on a machine whose engine is the bundled CPU build (every test machine of this project). */
class DevicesTest {
    @Test
    void theBundledEngineHasNoCudaSoAutoTrainsOnTheCpuEvenWithAnAssignedGpu() {
        assertFalse(Devices.hasCuda());
        assertNull(Devices.resolve("auto", "1"));
        assertNull(Devices.resolve("auto", null));
        assertNull(Devices.resolve("cpu", "0"));
        assertEquals("cpu", Devices.label(null));
        assertEquals("gpu:1", Devices.label("1"));
    }

    @Test
    void gpuWithoutCudaRefusesNamingHowToSelectTheCudaFlavour() {
        Devices.NoCudaException e = assertThrows(Devices.NoCudaException.class, () -> Devices.resolve("gpu", "0"));
        assertTrue(e.getMessage().startsWith("trainer.device = gpu, but the PyTorch native library on the class path has "
                + "no CUDA support (it is the CPU build; Spark assigned GPU 0)"), e.getMessage());
        assertTrue(e.getMessage().contains("MODNAS_PYTORCH_NATIVE_JAR=") && e.getMessage().contains("PYTORCH_LIBRARY_PATH="),
                e.getMessage());
        assertTrue(e.getMessage().contains("2.7.1"), "names the libtorch version the jni needs: " + e.getMessage());
    }
}

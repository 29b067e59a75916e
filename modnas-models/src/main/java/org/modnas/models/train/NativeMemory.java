package org.modnas.models.train;

import ai.djl.ndarray.NDManager;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this process's memory is, read without disturbing it: resident memory (what a container's
 * limit is held against), the JVM heap in use, what the C library's allocator holds (bytes handed
 * out, and bytes freed but kept), which PyTorch's CPU tensors come from, and the engine's arrays
 * still alive. The allocator's figures are -1 where the C library is not glibc.
 *
 * @param residentBytes the process's resident set ({@code VmRSS} of {@code /proc/self/status})
 * @param heapUsedBytes the JVM heap in use
 * @param heapCommittedBytes the JVM heap the JVM has taken from the system (up to {@code -Xmx})
 * @param mallocInUse   bytes the C allocator has handed out and not had back
 * @param mallocFree    bytes the C allocator holds free: kept for reuse, not returned to the system
 * @param liveArrays    engine arrays alive in every manager
 */
public record NativeMemory(long residentBytes, long heapUsedBytes, long heapCommittedBytes, long mallocInUse, long mallocFree,
                           int liveArrays) {
    private static final CLibrary C = load();

    /** glibc's {@code struct mallinfo2}: ten {@code size_t}, summed over every arena. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
        "keepcost"})
    public static class MallInfo2 extends Structure {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;

        /** Returned by value. */
        public static final class ByValue extends MallInfo2 implements Structure.ByValue {
        }
    }

    /** The C functions read. */
    interface CLibrary extends Library {
        MallInfo2.ByValue mallinfo2();
    }

    /** Reads the figures now. */
    public static NativeMemory read() {
        long inUse = -1;
        long free = -1;
        if (C != null) {
            MallInfo2 m = C.mallinfo2();
            inUse = m.uordblks + m.hblkhd;
            free = m.fordblks;
        }
        int arrays;
        try (NDManager probe = NDManager.newBaseManager()) {
            arrays = probe.getParentManager().getManagedArrays().size();
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new NativeMemory(resident(), heap.getUsed(), heap.getCommitted(), inUse, free, arrays);
    }

    /** Resident memory beyond the committed heap: the engine, the allocator, the JVM's own native memory. */
    public long nonHeapResidentBytes() {
        return residentBytes - heapCommittedBytes;
    }

    private static long resident() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static CLibrary load() {
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            c.mallinfo2();
            return c;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }
}

package org.modnas.models.train;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Tunes the C library's allocator, which PyTorch's CPU tensors come from, for training: a step
 * frees tensors of tens of megabytes that the next step allocates again. By default glibc serves
 * such blocks with fresh {@code mmap}s and gives them back on free (and Java threads allocate from
 * arenas that shrink), so every step touches its activations' pages anew: on a 2-core machine a
 * MobileNetV2 step spent about a fifth of its time in page faults. Raising the mmap threshold to its
 * maximum (32 MB) and the trim threshold keeps freed blocks in the process for the next step. The
 * process then holds on to its peak native memory instead of returning it between steps. Done once
 * per JVM; where the C library is not glibc it does nothing.
 *
 * <p>What a candidate freed stays in the allocator's arenas, and candidates of other shapes fragment
 * them: an executor grew by megabytes per candidate without end. {@link #releaseFree()}, called
 * between candidates, hands the free pages back to the system ({@code malloc_trim}), at most once per
 * {@value #RELEASE_INTERVAL_SECONDS} s. The launchers also limit the arenas ({@code MALLOC_ARENA_MAX};
 * glibc makes up to eight per core, for threads that allocate at once), each of which would keep a
 * candidate's peak.
 */
public final class NativeAllocator {
    /** glibc's {@code mallopt} parameters. */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    /** The largest mmap threshold glibc accepts on 64-bit systems. */
    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TRIM_THRESHOLD = 1 << 30;
    static final int TOP_PAD = 64 << 20;
    /** The shortest time between two releases: a release costs tens of milliseconds. */
    static final int RELEASE_INTERVAL_SECONDS = 10;
    /** {@code -Dmodnas.malloc.release=false} keeps the free pages (to measure what releasing them saves). */
    private static final boolean RELEASE = !"false".equals(System.getProperty("modnas.malloc.release"));
    private static volatile Boolean tuned;
    private static volatile CLibrary lib;
    private static long lastRelease = System.nanoTime() - RELEASE_INTERVAL_SECONDS * 1_000_000_000L;

    /** The one C function used. */
    interface CLibrary extends Library {
        int mallopt(int param, int value);

        int malloc_trim(long pad);
    }

    private NativeAllocator() {
    }

    /** Tunes the allocator once; returns whether it is tuned (false where glibc's mallopt is missing). */
    public static boolean tune() {
        Boolean t = tuned;
        if (t == null) {
            synchronized (NativeAllocator.class) {
                t = tuned;
                if (t == null) {
                    tuned = t = apply();
                }
            }
        }
        return t;
    }

    /**
     * Gives the allocator's free pages back to the system, unless it did so less than
     * {@value #RELEASE_INTERVAL_SECONDS} s ago; returns whether it released. Between candidates, so
     * resident memory stays at what the running candidates use.
     */
    public static boolean releaseFree() {
        if (!tune() || lib == null || !RELEASE) {
            return false;
        }
        synchronized (NativeAllocator.class) {
            long now = System.nanoTime();
            if (now - lastRelease < RELEASE_INTERVAL_SECONDS * 1_000_000_000L) {
                return false;
            }
            lastRelease = now;
        }
        lib.malloc_trim(0);
        return true;
    }

    private static boolean apply() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return false;
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            lib = c;
            // mallopt returns 1 on success; a glibc without these parameters returns 0
            return c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                    & c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
                    & c.mallopt(M_TOP_PAD, TOP_PAD) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }
}

package org.modnas.core.search;

import org.modnas.core.arch.ArchDesc;

/**
 * Seeds of candidates: derived from the run seed and the candidate's content hash only, so a
 * candidate gets the same seed whatever order, executor or attempt evaluates it — a row of the
 * candidates table says exactly how to reproduce it.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long candidateSeed(long runSeed, ArchDesc desc) {
        return mix(runSeed, Long.parseUnsignedLong(desc.hash(), 16));
    }

    /** The seed of stage {@code name} of the estimator chain (a supernet warm-up). */
    public static long stageSeed(long runSeed, String name) {
        long h = 1125899906842597L;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + name.charAt(i);
        }
        return mix(runSeed, h);
    }

    private static long mix(long runSeed, long h) {
        long z = runSeed * 0x9E3779B97F4A7C15L ^ h;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}

package org.modnas.core.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.util.Rng;

/**
 * The set of points of a discrete {@link ArchSpace} that a search has already seen, and uniform
 * sampling of the points it has not (no candidate is proposed twice). Points are
 * kept as their mixed-radix index in a primitive hash set when the space's size fits a long, so
 * the optimizers' inner loop neither boxes nor hashes descs. Sampling rejects visited points while
 * at most half the space is visited and, past that, picks the k-th unvisited index from a Fenwick
 * tree, so exhausting even a small space takes bounded time. Every result depends only on the set's
 * contents and the generator's state, which is what makes snapshots exact.
 */
public final class VisitedSet {
    private static final int REJECTION_TRIES = 64;
    private static final long MAX_ENUMERABLE = Integer.MAX_VALUE - 8;

    private final ArchSpace space;
    private final int[] radix;
    private final boolean longKeys;
    private final long size;
    private final LongSet longs;
    private final Set<PointKey> big;
    private int[] fenwick; // 1 per unvisited index; built lazily once half the space is visited
    private int fenwickTop;

    public VisitedSet(ArchSpace space) {
        if (!space.isDiscrete()) {
            throw new IllegalArgumentException("a visited set needs a discrete arch space, got " + space);
        }
        this.space = space;
        this.radix = new int[space.dimension()];
        for (int i = 0; i < radix.length; i++) {
            radix[i] = space.radix(i);
        }
        BigInteger sz = space.size();
        this.longKeys = sz.bitLength() < 63;
        this.size = longKeys ? sz.longValue() : Long.MAX_VALUE;
        this.longs = longKeys ? new LongSet() : null;
        this.big = longKeys ? null : new HashSet<>();
    }

    /** The mixed-radix index of a point, for spaces whose size fits a long. */
    public long key(int[] point) {
        long k = 0;
        for (int i = point.length - 1; i >= 0; i--) {
            k = k * radix[i] + point[i];
        }
        return k;
    }

    private int[] pointOf(long key) {
        int[] p = new int[radix.length];
        long rest = key;
        for (int i = 0; i < radix.length; i++) {
            p[i] = (int) (rest % radix[i]);
            rest /= radix[i];
        }
        return p;
    }

    public boolean contains(int[] point) {
        return longKeys ? longs.contains(key(point)) : big.contains(new PointKey(point.clone()));
    }

    /** Adds a point; true when it was not in the set yet. */
    public boolean add(int[] point) {
        if (!longKeys) {
            return big.add(new PointKey(point.clone()));
        }
        long k = key(point);
        if (!longs.add(k)) {
            return false;
        }
        if (fenwick != null) {
            fenwickAdd((int) k, -1);
        }
        return true;
    }

    /** Number of points in the set. */
    public long count() {
        return longKeys ? longs.size() : big.size();
    }

    /** True when every point of the space is in the set. */
    public boolean isFull() {
        return longKeys && longs.size() >= size;
    }

    /**
     * A point not in the set, uniformly among those, or null when the set is full. The point is not
     * added.
     */
    public int[] sampleUnvisited(Rng rng) {
        if (isFull()) {
            return null;
        }
        if (!longKeys) {
            // the space is larger than 2^62: a point drawn at random is new with overwhelming odds
            while (true) {
                int[] p = space.sample(rng);
                if (!contains(p)) {
                    return p;
                }
            }
        }
        // the method depends only on the count, never on whether the tree happens to exist, so a
        // restored set (tree not yet built) draws exactly what the original draws
        if (longs.size() * 2 < size || size > MAX_ENUMERABLE) {
            for (int t = 0; t < REJECTION_TRIES || size > MAX_ENUMERABLE; t++) {
                int[] p = space.sample(rng);
                if (!longs.contains(key(p))) {
                    return p;
                }
            }
        }
        if (fenwick == null) {
            buildFenwick();
        }
        long remaining = size - longs.size();
        return pointOf(kthUnvisited((int) rng.nextLong(remaining)));
    }

    private void buildFenwick() {
        int n = (int) size;
        int[] t = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            t[i] += 1;
            int parent = i + (i & -i);
            if (parent <= n) {
                t[parent] += t[i];
            }
        }
        fenwick = t;
        fenwickTop = Integer.highestOneBit(n);
        longs.forEach(k -> fenwickAdd((int) k, -1));
    }

    private void fenwickAdd(int index, int delta) {
        for (int i = index + 1; i < fenwick.length; i += i & -i) {
            fenwick[i] += delta;
        }
    }

    /** The index of the k-th (from 0) unvisited point, in index order. */
    private long kthUnvisited(int k) {
        int pos = 0;
        int rest = k + 1;
        for (int step = fenwickTop; step > 0; step >>= 1) {
            int next = pos + step;
            if (next < fenwick.length && fenwick[next] < rest) {
                pos = next;
                rest -= fenwick[next];
            }
        }
        return pos; // 1-based position pos + 1 is the answer, i.e. index pos
    }

    /** The points as JSON: mixed-radix indices in ascending order (as decimal strings for huge spaces). */
    public ArrayNode toJson() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        if (longKeys) {
            long[] ks = longs.toArray();
            Arrays.sort(ks);
            for (long k : ks) {
                a.add(k);
            }
        } else {
            List<BigInteger> idx = new ArrayList<>(big.size());
            for (PointKey p : big) {
                idx.add(space.index(p.point()));
            }
            idx.sort(null);
            for (BigInteger b : idx) {
                a.add(b.toString());
            }
        }
        return a;
    }

    /** Replaces the contents by those of {@link #toJson()}'s output. */
    public void readJson(JsonNode node, String what) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("optimizer snapshot: '" + what + "' must be a list of point indices");
        }
        clear();
        for (JsonNode e : node) {
            BigInteger index;
            if (e.isIntegralNumber()) {
                index = e.bigIntegerValue();
            } else if (e.isTextual()) {
                try {
                    index = new BigInteger(e.textValue());
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("optimizer snapshot: '" + what + "' holds a non-index " + e);
                }
            } else {
                throw new IllegalArgumentException("optimizer snapshot: '" + what + "' holds a non-index " + e);
            }
            if (index.signum() < 0 || index.compareTo(space.size()) >= 0) {
                throw new IllegalArgumentException("optimizer snapshot: '" + what + "' holds index " + index
                        + " outside the space [0, " + space.size() + ")");
            }
            if (longKeys) {
                longs.add(index.longValue());
            } else {
                big.add(new PointKey(space.point(index)));
            }
        }
    }

    private void clear() {
        if (longKeys) {
            longs.clear();
        } else {
            big.clear();
        }
        fenwick = null;
    }

    /** An int[] with value equality, for spaces too large for long keys. */
    private record PointKey(int[] point) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PointKey k && Arrays.equals(point, k.point);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(point);
        }
    }

    /** An open-addressing set of non-negative longs. */
    static final class LongSet {
        private static final long EMPTY = -1L;
        private long[] table = newTable(64);
        private int size;
        private int shift = 64 - 6;

        private static long[] newTable(int capacity) {
            long[] t = new long[capacity];
            Arrays.fill(t, EMPTY);
            return t;
        }

        private int slot(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
        }

        boolean contains(long key) {
            int mask = table.length - 1;
            for (int i = slot(key); ; i = (i + 1) & mask) {
                long t = table[i];
                if (t == key) {
                    return true;
                }
                if (t == EMPTY) {
                    return false;
                }
            }
        }

        boolean add(long key) {
            int mask = table.length - 1;
            for (int i = slot(key); ; i = (i + 1) & mask) {
                long t = table[i];
                if (t == key) {
                    return false;
                }
                if (t == EMPTY) {
                    table[i] = key;
                    if (++size * 2 > table.length) {
                        grow();
                    }
                    return true;
                }
            }
        }

        private void grow() {
            long[] old = table;
            table = newTable(old.length * 2);
            shift--;
            int mask = table.length - 1;
            for (long k : old) {
                if (k != EMPTY) {
                    int i = slot(k);
                    while (table[i] != EMPTY) {
                        i = (i + 1) & mask;
                    }
                    table[i] = k;
                }
            }
        }

        int size() {
            return size;
        }

        void clear() {
            table = newTable(64);
            shift = 64 - 6;
            size = 0;
        }

        long[] toArray() {
            long[] out = new long[size];
            int j = 0;
            for (long k : table) {
                if (k != EMPTY) {
                    out[j++] = k;
                }
            }
            return out;
        }

        void forEach(java.util.function.LongConsumer action) {
            for (long k : table) {
                if (k != EMPTY) {
                    action.accept(k);
                }
            }
        }
    }
}

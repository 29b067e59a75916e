package org.modnas.core.arch;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.modnas.core.util.Rng;

/**
 * The ordered set of params of one search. For a discrete space it knows its size (the
 * product of the choice counts), maps points to and from a mixed-radix index (first param least
 * significant) and samples points uniformly. A point is an {@code int[]} of choice indices, one per
 * param, in param order.
 */
public final class ArchSpace {
    private final List<Param> params;
    private final List<String> names;
    private final Map<String, Integer> positions;
    private final DiscreteParam[] discrete; // null entries for continuous params
    private final int[] radix;
    private final boolean allDiscrete;
    private final BigInteger size;
    private final java.util.function.UnaryOperator<ArchDesc> canonical;

    private ArchSpace(List<Param> params) {
        this(params, d -> d);
    }

    private ArchSpace(List<Param> params, java.util.function.UnaryOperator<ArchDesc> canonical) {
        this.canonical = canonical;
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
        List<String> ns = new ArrayList<>(params.size());
        Map<String, Integer> pos = new HashMap<>();
        discrete = new DiscreteParam[params.size()];
        radix = new int[params.size()];
        boolean all = true;
        BigInteger sz = BigInteger.ONE;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (pos.putIfAbsent(p.name(), i) != null) {
                throw new IllegalArgumentException("duplicate param name '" + p.name() + "' in arch space");
            }
            ns.add(p.name());
            DiscreteParam d = p instanceof DiscreteParam dp ? dp
                    : p instanceof Numeric n && n.isInteger() ? n.asDiscrete() : null;
            discrete[i] = d;
            if (d == null) {
                all = false;
            } else {
                radix[i] = d.size();
                sz = sz.multiply(BigInteger.valueOf(d.size()));
            }
        }
        this.names = Collections.unmodifiableList(ns);
        this.positions = pos;
        this.allDiscrete = all;
        this.size = all ? sz : null;
    }

    public static ArchSpace of(List<? extends Param> params) {
        return new ArchSpace(new ArrayList<>(params));
    }

    public static ArchSpace of(Param... params) {
        return new ArchSpace(List.of(params));
    }

    /**
     * The same space whose descs have a canonical form: when two descs name the same network (a
     * param that another param's value makes irrelevant, say), {@code canonical} maps both to one of
     * them, and a search evaluates that one once.
     */
    public ArchSpace withCanonicalForm(java.util.function.UnaryOperator<ArchDesc> canonical) {
        return new ArchSpace(params, canonical);
    }

    /** The canonical form of a desc of this space (the desc itself unless the space defines one). */
    public ArchDesc canonical(ArchDesc desc) {
        return canonical.apply(desc);
    }

    public List<Param> params() {
        return params;
    }

    /** Param names in order; shared by every {@link ArchDesc} of this space. */
    public List<String> names() {
        return names;
    }

    public int dimension() {
        return params.size();
    }

    public Param param(int position) {
        return params.get(position);
    }

    /** The position of a named param, or -1. */
    public int position(String name) {
        Integer i = positions.get(name);
        return i == null ? -1 : i;
    }

    /** True when every param has finitely many values, so points, indices and sizes exist. */
    public boolean isDiscrete() {
        return allDiscrete;
    }

    /** Number of choices of the param at {@code position}; discrete params only. */
    public int radix(int position) {
        requireDiscrete();
        return radix[position];
    }

    /** The product of the choice counts. */
    public BigInteger size() {
        requireDiscrete();
        return size;
    }

    /** The size if it fits in a long, else {@link Long#MAX_VALUE}. */
    public long sizeOrMax() {
        return size().bitLength() < 63 ? size.longValue() : Long.MAX_VALUE;
    }

    /** The mixed-radix index of a point, first param least significant. */
    public BigInteger index(int[] point) {
        checkPoint(point);
        BigInteger idx = BigInteger.ZERO;
        for (int i = point.length - 1; i >= 0; i--) {
            idx = idx.multiply(BigInteger.valueOf(radix[i])).add(BigInteger.valueOf(point[i]));
        }
        return idx;
    }

    /** The point at a mixed-radix index in [0, size). */
    public int[] point(BigInteger index) {
        requireDiscrete();
        if (index.signum() < 0 || index.compareTo(size) >= 0) {
            throw new IllegalArgumentException("index " + index + " outside [0, " + size + ")");
        }
        int[] p = new int[radix.length];
        BigInteger rest = index;
        for (int i = 0; i < radix.length; i++) {
            BigInteger[] qr = rest.divideAndRemainder(BigInteger.valueOf(radix[i]));
            p[i] = qr[1].intValue();
            rest = qr[0];
        }
        return p;
    }

    /** {@link #point(BigInteger)} for spaces whose size fits a long. */
    public int[] point(long index) {
        requireDiscrete();
        if (size.bitLength() >= 63) {
            return point(BigInteger.valueOf(index));
        }
        if (index < 0 || index >= size.longValue()) {
            throw new IllegalArgumentException("index " + index + " outside [0, " + size + ")");
        }
        int[] p = new int[radix.length];
        long rest = index;
        for (int i = 0; i < radix.length; i++) {
            p[i] = (int) (rest % radix[i]);
            rest /= radix[i];
        }
        return p;
    }

    /** A uniformly random point. */
    public int[] sample(Rng rng) {
        requireDiscrete();
        int[] p = new int[radix.length];
        for (int i = 0; i < radix.length; i++) {
            p[i] = rng.nextInt(radix[i]);
        }
        return p;
    }

    /** The desc of a point. */
    public ArchDesc desc(int[] point) {
        checkPoint(point);
        Object[] vals = new Object[point.length];
        for (int i = 0; i < point.length; i++) {
            vals[i] = discrete[i].valueAt(point[i]);
        }
        return new ArchDesc(names, vals);
    }

    /** The point of a desc of this space. */
    public int[] point(ArchDesc desc) {
        requireDiscrete();
        if (!desc.names().equals(names)) {
            throw new IllegalArgumentException("arch desc does not belong to this space: its params are "
                    + desc.names() + ", the space's are " + names);
        }
        int[] p = new int[radix.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = discrete[i].indexOf(desc.value(i));
            if (p[i] < 0) {
                throw new IllegalArgumentException("arch desc entry " + i + " (param '" + names.get(i)
                        + "'): unknown choice " + JsonScalars.show(desc.value(i)));
            }
        }
        return p;
    }

    /** The discrete view of the param at {@code position}, or null for a continuous one. */
    public DiscreteParam discrete(int position) {
        return discrete[position];
    }

    private void checkPoint(int[] point) {
        requireDiscrete();
        if (point.length != radix.length) {
            throw new IllegalArgumentException("point has " + point.length + " entries, the space has " + radix.length + " params");
        }
        for (int i = 0; i < point.length; i++) {
            if (point[i] < 0 || point[i] >= radix[i]) {
                throw new IllegalArgumentException("point entry " + i + " (param '" + names.get(i) + "') = " + point[i]
                        + " outside [0, " + radix[i] + ")");
            }
        }
    }

    private void requireDiscrete() {
        if (!allDiscrete) {
            throw new IllegalStateException("arch space has continuous params; points and sizes need a discrete space");
        }
    }

    @Override
    public String toString() {
        return "ArchSpace(" + params.size() + " params" + (allDiscrete ? ", size " + size : "") + ")";
    }
}

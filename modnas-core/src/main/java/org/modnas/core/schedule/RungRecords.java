package org.modnas.core.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values recorded at each rung (higher is better) and which trials have been promoted from it.
 * A trial's value at a rung is recorded once; recording it again (a retried task) keeps the first.
 */
final class RungRecords {
    private final List<Map<String, Double>> values = new ArrayList<>();
    private final List<Set<String>> promoted = new ArrayList<>();

    RungRecords(int rungs) {
        for (int k = 0; k < rungs; k++) {
            values.add(new LinkedHashMap<>());
            promoted.add(new HashSet<>());
        }
    }

    void record(String trial, int rung, double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("trial " + trial + " reported NaN at rung " + rung);
        }
        values.get(rung).putIfAbsent(trial, value);
    }

    int size(int rung) {
        return values.get(rung).size();
    }

    /** How many values at {@code rung} are better than {@code trial}'s (all of them when it has none). */
    int better(String trial, int rung) {
        Double v = values.get(rung).get(trial);
        if (v == null) {
            return values.get(rung).size();
        }
        return (int) values.get(rung).values().stream().filter(x -> x > v).count();
    }

    /** Whether {@code trial}'s value at {@code rung} is among the top {@code k} there (ties all count as in). */
    boolean inTop(String trial, int rung, int k) {
        Double v = values.get(rung).get(trial);
        if (v == null) {
            return false;
        }
        long better = values.get(rung).values().stream().filter(x -> x > v).count();
        return better < k;
    }

    /** The trials of {@code rung} in the top {@code k} and not yet promoted, best first (earliest recorded on ties). */
    List<String> promotableCandidates(int rung, int k) {
        List<String> order = new ArrayList<>(values.get(rung).keySet());
        Map<String, Double> v = values.get(rung);
        order.sort(Comparator.comparingDouble((String t) -> -v.get(t)));
        List<String> out = new ArrayList<>();
        for (String t : order) {
            if (inTop(t, rung, k) && !promoted.get(rung).contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    void markPromoted(String trial, int rung) {
        promoted.get(rung).add(trial);
    }

    boolean isPromoted(String trial, int rung) {
        return promoted.get(rung).contains(trial);
    }
}

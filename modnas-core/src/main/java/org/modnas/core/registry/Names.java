package org.modnas.core.registry;

import java.util.Collection;
import java.util.Locale;

/** Name matching: case, {@code -}, {@code _} and spaces are ignored. */
public final class Names {
    private Names() {
    }

    /** {@code CIFAR_MobileNetV2_GPU} → {@code cifarmobilenetv2gpu}. */
    public static String normalize(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '-' && c != '_' && !Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** The candidate closest to {@code name} by edit distance of normalised names, or null if none is near. */
    public static String closest(String name, Collection<String> candidates) {
        String n = normalize(name);
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            String cn = normalize(c);
            int d = distance(n, cn);
            if (cn.contains(n) || n.contains(cn)) {
                d = Math.min(d, Math.abs(cn.length() - n.length()) / 2);
            } else if (isAbbreviation(n, cn) || isAbbreviation(cn, n)) {
                d = Math.min(d, 2); // pop_size for population_size
            }
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        // far-off suggestions only confuse: accept up to about a third of the name changed
        return best != null && bestD <= Math.max(2, n.length() / 3) ? best : null;
    }

    /** True when {@code shorter} keeps the first letter of {@code longer} and the rest in order. */
    private static boolean isAbbreviation(String shorter, String longer) {
        if (shorter.length() < 3 || shorter.length() >= longer.length() || shorter.charAt(0) != longer.charAt(0)) {
            return false;
        }
        int j = 0;
        for (int i = 0; i < longer.length() && j < shorter.length(); i++) {
            if (longer.charAt(i) == shorter.charAt(j)) {
                j++;
            }
        }
        return j == shorter.length();
    }

    /** Levenshtein distance. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

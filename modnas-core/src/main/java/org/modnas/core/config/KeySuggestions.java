package org.modnas.core.config;

import java.util.Collection;
import org.modnas.core.registry.Names;

/**
 * The known key a mistyped one most likely meant: a near spelling ({@link Names#closest}), or an
 * abbreviation word by word ({@code pop_sise} → {@code population_size}).
 */
final class KeySuggestions {
    private KeySuggestions() {
    }

    static String closest(String key, Collection<String> known) {
        String near = Names.closest(key, known);
        if (near != null) {
            return near;
        }
        String[] words = key.toLowerCase().split("[_\\-]");
        for (String k : known) {
            String[] kw = k.toLowerCase().split("[_\\-]");
            if (kw.length == words.length && abbreviates(words, kw)) {
                return k;
            }
        }
        return null;
    }

    private static boolean abbreviates(String[] given, String[] known) {
        for (int i = 0; i < given.length; i++) {
            String g = given[i];
            String k = known[i];
            if (g.isEmpty()) {
                return false;
            }
            String head = k.substring(0, Math.min(k.length(), g.length()));
            // a word may be shortened, and misspelled by one letter
            if (Names.distance(g, k) > 1 && Names.distance(g, head) > (g.length() > 3 ? 1 : 0)) {
                return false;
            }
        }
        return true;
    }

    /** {@code " (did you mean 'x'?)"} or nothing. */
    static String didYouMean(String key, Collection<String> known) {
        String s = closest(key, known);
        return s == null ? "" : " (did you mean '" + s + "'?)";
    }
}

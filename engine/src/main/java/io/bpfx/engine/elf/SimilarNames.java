package io.bpfx.engine.elf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** "Did you mean" candidates for a symbol that is not there. */
final class SimilarNames {
    private SimilarNames() {
    }

    /**
     * Up to {@code max} names close to {@code wanted}: one is a prefix of the other,
     * or they are within a small edit distance (a third of the length, at least 2).
     * Closest first.
     */
    static List<String> suggest(String wanted, Collection<String> names, int max) {
        int limit = Math.max(2, wanted.length() / 3);
        record Scored(String name, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            if (name.equals(wanted) || name.isEmpty()) continue;
            boolean prefix = name.startsWith(wanted) || wanted.startsWith(name) && name.length() >= 3;
            if (!prefix && Math.abs(name.length() - wanted.length()) > limit) continue;
            int d = editDistance(wanted, name, prefix ? Integer.MAX_VALUE - 1 : limit);
            if (prefix || d <= limit) scored.add(new Scored(name, d));
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        return scored.stream().limit(max).map(Scored::name).toList();
    }

    /** Levenshtein distance, or {@code limit + 1} once it is known to exceed {@code limit}. */
    static int editDistance(String a, String b, int limit) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) return limit + 1;
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

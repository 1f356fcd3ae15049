package io.udpgraph.runtime;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known word a user most likely meant when they misspelt one, for "did you mean" hints in
 * error messages: {@code Suggestions.didYouMean("replica", keys)} gives {@code " (did you mean replicas?)"}.
 */
public final class Suggestions {

    /** The most edits a suggestion may be away from what was written, however long the word. */
    public static final int MAX_EDITS = 2;

    private Suggestions() {
    }

    /**
     * The candidate nearest to {@code written}, if one is close enough to be a likely typo: at most one edit
     * per three letters written, and never more than {@link #MAX_EDITS} (a swap of two neighbours counts as
     * one edit, case is ignored). Ties go to the candidate that comes first, so pass them in a stable order.
     */
    public static Optional<String> nearest(String written, Collection<String> candidates) {
        String w = written.toLowerCase(Locale.ROOT);
        int limit = Math.min(MAX_EDITS, w.length() / 3);
        String best = null;
        int bestDistance = limit + 1;
        for (String c : candidates) {
            if (c.equals(written)) {
                continue;
            }
            int d = distance(w, c.toLowerCase(Locale.ROOT), bestDistance);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code " (did you mean NEAREST?)"} for a message, or the empty string when no candidate is close. */
    public static String didYouMean(String written, Collection<String> candidates) {
        return nearest(written, candidates).map(c -> " (did you mean " + c + "?)").orElse("");
    }

    /**
     * The edits (insert, delete, replace, swap of neighbours) that turn {@code a} into {@code b}; any answer of
     * {@code cap} or more means "too far", which lets a long candidate be dismissed without the whole table.
     */
    static int distance(String a, String b, int cap) {
        if (Math.abs(a.length() - b.length()) >= cap) {
            return cap;
        }
        int[] before = new int[b.length() + 1];
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, before[j - 2] + 1);
                }
                cur[j] = d;
            }
            int[] t = before;
            before = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[b.length()], cap);
    }
}

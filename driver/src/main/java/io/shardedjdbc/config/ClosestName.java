package io.shardedjdbc.config;

import java.util.Collection;
import java.util.Locale;

/** Finds the known name a misspelt one was probably meant to be, for "did you mean" hints. */
final class ClosestName {
    private ClosestName() {
    }

    /** @return the closest candidate within a typo's distance, or null when none is plausibly meant */
    static String of(String typed, Collection<String> candidates) {
        String lowered = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(lowered, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // a third of the name may be wrong, at least two edits: beyond that the hint misleads more than it helps
        int tolerated = Math.max(2, typed.length() / 3);
        return bestDistance <= tolerated ? best : null;
    }

    /** @return " (did you mean 'x'?)" or "" */
    static String hint(String typed, Collection<String> candidates) {
        String closest = of(typed, candidates);
        return closest == null ? "" : " (did you mean '" + closest + "'?)";
    }

    /** Optimal string alignment distance: edits, with a swap of neighbours counting as one. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}

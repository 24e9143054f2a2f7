package org.practicehub.matching;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The terms of every record the index holds: an id for each, how many records have it, and the records (by slot) a
 * blocking look-up reads, with the weights the scorer gives them. A term in more than {@value #POSTING_CAP} records
 * keeps its count but no list: it says little about which records match, and blocking never reads it.
 *
 * <p>Not thread-safe, as its index.
 */
final class Vocabulary {

    /** A term in more records than this says little about which ones match: it is not used for blocking. */
    static final int POSTING_CAP = 500;

    private final Map<String, Integer> ids = new HashMap<>();
    private int[] df = new int[1024];
    private int[][] postings = new int[1024][];
    private int[] postingSize = new int[1024];
    /** Content terms as written ("c:remittance"), by id, for the reasons. */
    private String[] labels = new String[1024];
    private double[] logs = new double[0];
    /** Records counted: the N of the weights. */
    private int records;

    int records() {
        return records;
    }

    int id(String term) {
        Integer id = ids.get(term);
        if (id == null) {
            id = ids.size();
            ids.put(term, id);
            if (term.length() > 1 && term.charAt(1) == ':') {
                if (id >= labels.length) {
                    labels = Arrays.copyOf(labels, Math.max(labels.length * 2, id + 1));
                }
                labels[id] = term;
            }
            if (id >= df.length) {
                int n = df.length * 2;
                df = Arrays.copyOf(df, n);
                postings = Arrays.copyOf(postings, n);
                postingSize = Arrays.copyOf(postingSize, n);
            }
        }
        return id;
    }

    /** The ids of the terms, sorted, each once. */
    int[] ids(List<String> terms) {
        int[] out = new int[terms.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(terms.get(i));
        }
        return sortedUnique(out);
    }

    /** A content term as written ("c:remittance"), for the reasons; null for other terms. */
    String label(int term) {
        return term < labels.length ? labels[term] : null;
    }

    /** A record's blocking terms (sorted, each once) counted, and its slot appended to their lists. */
    void add(int[] terms, int slot) {
        records++;
        for (int t : terms) {
            df[t]++;
            if (postingSize[t] >= POSTING_CAP) {
                // blocking never reads a list this long again (the count only grows), so it is not kept
                postings[t] = null;
                postingSize[t]++;
                continue;
            }
            int[] p = postings[t];
            if (p == null) {
                p = postings[t] = new int[2];
            } else if (postingSize[t] == p.length) {
                p = postings[t] = Arrays.copyOf(p, p.length * 2);
            }
            p[postingSize[t]++] = slot;
        }
    }

    /** A record gone: its terms no longer counted. Its slot stays in the lists, and blocking skips it there. */
    void remove(int[] terms) {
        records--;
        for (int t : terms) {
            df[t]--;
        }
    }

    /** How many slots the term's list holds; above {@link #POSTING_CAP}, the list is not kept. */
    int postingSize(int term) {
        return postingSize[term];
    }

    int[] postings(int term) {
        return postings[term];
    }

    /** What blocking looks up first: the fewest records; a term no other record has finds nothing, so it comes last. */
    int rarity(int term) {
        return postingSize[term] == 0 ? Integer.MAX_VALUE : df[term];
    }

    /** The weight of a content term: log((N + 1) / (df + 1)), nothing for a term every record has. */
    double contentIdf(int term) {
        int d = term < df.length ? df[term] : 0;
        return log(records + 1) - log(d + 1);
    }

    /** log(1 + (N + 1) / (df + 1)), as ln(df + N + 2) - ln(df + 1) from the table: the scorer takes one a term of each pair. */
    double idf(int term) {
        int d = term < df.length ? df[term] : 0;
        return log(d + records + 2) - log(d + 1);
    }

    /** ln k from a table that grows with the store: the cosines' inner loops take one a term. */
    private double log(int k) {
        if (k >= logs.length) {
            int from = logs.length;
            logs = Arrays.copyOf(logs, Math.max(k + 1, logs.length * 2));
            for (int i = from; i < logs.length; i++) {
                logs[i] = Math.log(i);
            }
        }
        return logs[k];
    }

    static int[] sortedUnique(int[] a) {
        if (a.length < 2) {
            return a;
        }
        Arrays.sort(a);
        int n = 1;
        for (int i = 1; i < a.length; i++) {
            if (a[i] != a[n - 1]) {
                a[n++] = a[i];
            }
        }
        return n == a.length ? a : Arrays.copyOf(a, n);
    }
}

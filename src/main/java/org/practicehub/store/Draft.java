package org.practicehub.store;

import java.util.HexFormat;

import org.practicehub.matching.DedupIndex;
import org.practicehub.model.Practice;

/**
 * A record's document as stored, and its hash: a function of the mapped record alone, so a poll's thread makes it
 * ({@link PracticeStore#pend}) before the batch takes the store's serialised path.
 */
record Draft(String json, String hash, DedupIndex.Analysed text) {
    static Draft of(Practice p) {
        String json = Json.write(p);
        return new Draft(json, HexFormat.of().formatHex(PracticeStore.sha256(json)), DedupIndex.analyse(p));
    }
}

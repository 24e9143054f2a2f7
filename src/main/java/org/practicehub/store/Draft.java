package org.practicehub.store;

import java.util.HexFormat;

import org.practicehub.matching.Preparer;
import org.practicehub.model.Practice;

/**
 * A record's document as stored, and its hash: a function of the mapped record alone, so a poll's thread makes it
 * ({@link PracticeStore#pend}) before the batch takes the store's serialised path.
 */
record Draft(String json, String hash, Preparer.Analysed text) {
    static Draft of(Practice p) {
        String json = Json.write(p);
        return new Draft(json, HexFormat.of().formatHex(PracticeStore.sha256(json)), Preparer.analyse(p));
    }
}

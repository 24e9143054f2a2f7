package org.practicehub.publish.digest;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A practice's encoded blocks are kept per kind, state and column: no two of them may share a slot. */
class BlockSlotTest {

    @Test
    void everyKindStateAndColumnHasItsOwnSlotAndColumnsBeyondAreNotKept() {
        Set<Integer> seen = new HashSet<>();
        for (char kind : new char[] {'t', 'h'}) {
            for (boolean updated : new boolean[] {false, true}) {
                for (int col = 0; col <= 8; col++) {
                    int slot = Digests.slot(kind, updated, col);
                    assertThat(slot).isBetween(0, 35);
                    assertThat(seen.add(slot)).as("slot of %s %s %d", kind, updated, col).isTrue();
                }
            }
        }
        assertThat(Digests.slot('t', false, 9)).isEqualTo(-1);
        assertThat(Digests.slot('h', true, -1)).isEqualTo(-1);
    }
}

package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceLedgerTest {
    private final SequenceLedger ledger = new SequenceLedger(List.of("a", "b"), List.of(0, 0, 0, 1, 1),
            List.of(0L, 1L, 2L, 0L, 1L));

    @Test
    void lostDuplicatedAndCorruptedAreNamedBySourceAndSequenceNumber() {
        ledger.duplicate(1);
        ledger.corrupted("S1-000001-1a2b3c4d-QWERTY");
        List<RunExplanation.SourceSequences> s = ledger.sequences(List.of(2, 4));
        assertEquals(2, s.size());
        assertEquals("a", s.get(0).source());
        assertEquals("2", s.get(0).lost().ranges());
        assertEquals("1", s.get(0).duplicated().ranges());
        assertEquals("1", s.get(1).lost().ranges());
        assertEquals("1", s.get(1).corrupted().ranges());
    }

    @Test
    void aCorruptedTextWithoutAReadableStampIsOnlyCounted() {
        ledger.corrupted("s?-00x001-garbled");
        assertEquals(1, ledger.corruptedUnread());
        assertEquals(List.of(), ledger.sequences(List.of()));
    }
}

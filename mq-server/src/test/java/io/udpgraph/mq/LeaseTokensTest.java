package io.udpgraph.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The keyed hash behind lease ids: SipHash-2-4 as its authors specify it, under a key of the node's own. */
class LeaseTokensTest {

    @Test
    void theTagIsSipHash24OfTheSequenceNumberAsItsReferenceVectorsGiveIt() {
        // key 00 01 .. 0f, message 00 01 .. 07: the reference implementation's vector for 8 bytes
        LeaseTokens tokens = new LeaseTokens(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);
        assertEquals(0x93f5f5799a932462L, tokens.tag(0x0706050403020100L));
    }

    @Test
    void anotherKeyGivesAnotherTag() {
        assertNotEquals(new LeaseTokens(1, 2).tag(41), new LeaseTokens(1, 3).tag(41));
        assertNotEquals(LeaseTokens.random().tag(41), LeaseTokens.random().tag(41));
    }

    @Test
    void onlyTheTagWrittenForASequenceNumberIsValidForIt() {
        LeaseTokens tokens = new LeaseTokens(7, 11);
        assertTrue(tokens.valid(41, tokens.tag(41)));
        assertFalse(tokens.valid(42, tokens.tag(41)));
        assertFalse(tokens.valid(41, tokens.tag(41) ^ 1));
        assertFalse(tokens.valid(-1, tokens.tag(-1)), "-1 stands for a bare number, which names no lease");
    }
}

package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a client tells the answer to its LEASE from a repeated or late one, without a socket. */
class LeaseGrantsTest {

    static ReplyReader reply(String... texts) {
        StringBuilder sb = new StringBuilder();
        for (String t : texts) {
            sb.append(new String(Frames.encode(t), StandardCharsets.UTF_8));
        }
        ReplyReader r = new ReplyReader();
        assertTrue(r.reset(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)), false));
        return r;
    }

    /** Whether {@code grants} takes {@code r} for the answer to a LEASE of up to {@code max} after {@code before} commands. */
    static boolean fresh(LeaseGrants grants, ReplyReader r, int before, int max) {
        return grants.isFreshReply(r, before, max, new LeaseBatch());
    }

    @Test
    void grantsNeverSeenAreFresh() {
        assertTrue(fresh(new LeaseGrants(), reply("41.9c1f0e3a5b7d2e81 1 - a", "42.9c1f0e3a5b7d2e81 1 - b"), 0, 2));
    }

    @Test
    void aGrantAlreadyReceivedMakesTheReplyARepeat() {
        LeaseGrants grants = new LeaseGrants();
        grants.remember(41, 1);
        assertFalse(fresh(grants, reply("41.9c1f0e3a5b7d2e81 1 - a"), 0, 1));
    }

    @Test
    void aRedeliveryOfAGrantReceivedBeforeIsFresh() {
        LeaseGrants grants = new LeaseGrants();
        grants.remember(41, 1);
        assertTrue(fresh(grants, reply("41.9c1f0e3a5b7d2e81 2 - a"), 0, 1));
    }

    @Test
    void aRepeatOfAWholeReplyIsToldByItsFirstGrant() {
        String[] grants = new String[450];
        for (int i = 0; i < grants.length; i++) {
            grants[i] = (1000 + i) + ".9c1f0e3a5b7d2e81 1 - message " + i;
        }
        LeaseGrants seen = new LeaseGrants();
        LeaseBatch batch = new LeaseBatch();
        assertTrue(seen.isFreshReply(reply(grants), 0, 1024, batch));
        assertEquals(450, batch.size());
        seen.remember(batch);
        assertEquals(1, seen.seen(1000), "the reply is known by its first grant");
        assertEquals(-1, seen.seen(1001), "one entry per reply, not one per grant");
        assertFalse(fresh(seen, reply(grants), 0, 1024), "the same reply again is a repeat");
    }

    @Test
    void moreGrantsThanAskedForCannotBeTheAnswer() {
        assertFalse(fresh(new LeaseGrants(), reply("41.9c1f0e3a5b7d2e81 1 - a", "42.9c1f0e3a5b7d2e81 1 - b"), 0, 1));
    }

    @Test
    void theEmptyFrameIsAnAnswerOnlyAlone() {
        assertTrue(fresh(new LeaseGrants(), reply(""), 0, 4));
        assertFalse(fresh(new LeaseGrants(), reply("41.9c1f0e3a5b7d2e81 1 - a", ""), 0, 4));
    }

    @Test
    void withAnAckFirstItsCountFrameComesFirst() {
        assertTrue(fresh(new LeaseGrants(), reply("ACK 2", "43.9c1f0e3a5b7d2e81 1 src-8 hi"), 1, 32));
        assertFalse(fresh(new LeaseGrants(), reply("PUT 2 bytes", "43.9c1f0e3a5b7d2e81 1 src-8 hi"), 1, 32));
    }

    @Test
    void aLoneErrorAfterAnAckIsTheNodeRefusingTheWholeDatagram() {
        assertTrue(fresh(new LeaseGrants(), reply("ERR malformed declared length 0xf exceeds 4 remaining bytes"),
                1, 32));
    }

    @Test
    void aMessageThatIsNotAGrantIsNotTheAnswer() {
        assertFalse(fresh(new LeaseGrants(), reply("hello"), 0, 1));
    }

    @Test
    void theLatestGrantsAreRememberedAndTheOldestForgottenAsAMapInArrivalOrderWould() {
        LeaseGrants grants = new LeaseGrants();
        java.util.LinkedHashMap<Long, Integer> model = new java.util.LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<Long, Integer> eldest) {
                return size() > LeaseGrants.REMEMBERED;
            }
        };
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200_000; i++) {
            long id = random.nextInt(3 * LeaseGrants.REMEMBERED); // repeats, collisions and evictions
            int deliveries = 1 + random.nextInt(5);
            grants.remember(id, deliveries);
            model.put(id, deliveries);
            long probe = random.nextInt(3 * LeaseGrants.REMEMBERED);
            assertEquals(model.getOrDefault(probe, -1), grants.seen(probe), "id " + probe + " after " + i);
        }
    }
}

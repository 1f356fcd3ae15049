package io.udpgraph.protocol;

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

    @Test
    void grantsNeverSeenAreFresh() {
        assertTrue(new LeaseGrants().isFreshReply(reply("41 1 - a", "42 1 - b"), 0, 2));
    }

    @Test
    void aGrantAlreadyReceivedMakesTheReplyARepeat() {
        LeaseGrants grants = new LeaseGrants();
        grants.remember(41, 1);
        assertFalse(grants.isFreshReply(reply("41 1 - a"), 0, 1));
    }

    @Test
    void aRedeliveryOfAGrantReceivedBeforeIsFresh() {
        LeaseGrants grants = new LeaseGrants();
        grants.remember(41, 1);
        assertTrue(grants.isFreshReply(reply("41 2 - a"), 0, 1));
    }

    @Test
    void moreGrantsThanAskedForCannotBeTheAnswer() {
        assertFalse(new LeaseGrants().isFreshReply(reply("41 1 - a", "42 1 - b"), 0, 1));
    }

    @Test
    void theEmptyFrameIsAnAnswerOnlyAlone() {
        assertTrue(new LeaseGrants().isFreshReply(reply(""), 0, 4));
        assertFalse(new LeaseGrants().isFreshReply(reply("41 1 - a", ""), 0, 4));
    }

    @Test
    void withAnAckFirstItsCountFrameComesFirst() {
        assertTrue(new LeaseGrants().isFreshReply(reply("ACK 2", "43 1 src-8 hi"), 1, 32));
        assertFalse(new LeaseGrants().isFreshReply(reply("PUT 2 bytes", "43 1 src-8 hi"), 1, 32));
    }

    @Test
    void aLoneErrorAfterAnAckIsTheNodeRefusingTheWholeDatagram() {
        assertTrue(new LeaseGrants().isFreshReply(reply("ERR malformed declared length 0xf exceeds 4 remaining bytes"),
                1, 32));
    }

    @Test
    void aMessageThatIsNotAGrantIsNotTheAnswer() {
        assertFalse(new LeaseGrants().isFreshReply(reply("hello"), 0, 1));
    }
}

package io.udpgraph.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One leased message: {@code leaseId} to ACK or NACK it, how many times it has been delivered, the
 * producer's id ({@code null} when it was put without one) and its bytes.
 */
public record Lease(LeaseId leaseId, int deliveries, String messageId, byte[] body) {

    /** The message as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Parses one frame of a LEASE reply: {@code <lease-id> <deliveries> <message-id|-> <text>} (see {@link ReplyReader}). */
    public static Lease parse(byte[] frameText) throws MqException.BadReply {
        ReplyReader reply = new ReplyReader();
        if (!reply.reset(ByteBuffer.wrap(Frames.encode(frameText)), false) || !reply.readLease(0)) {
            String s = new String(frameText, StandardCharsets.UTF_8);
            throw new MqException.BadReply("a LEASE reply frame is '<lease-id> <deliveries> <message-id|-> <text>',"
                    + " a lease id and a decimal number first; got '"
                    + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'");
        }
        return reply.lease();
    }

    /** The frame text of this lease as a node sends it. */
    public byte[] toFrameText() {
        byte[] prefix = (leaseId.toString() + " " + deliveries + " " + (messageId == null ? "-" : messageId) + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }
}

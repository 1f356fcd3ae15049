package io.udpgraph.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One leased message: {@code leaseId} to ACK or NACK it, how many times it has been delivered, the
 * producer's id ({@code null} when it was put without one) and its bytes.
 */
public record Lease(long leaseId, int deliveries, String messageId, byte[] body) {

    /** The message as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Parses one frame of a LEASE reply: {@code <lease-id> <deliveries> <message-id|-> <text>}. */
    public static Lease parse(byte[] frameText) throws MqException.BadReply {
        String s = new String(frameText, StandardCharsets.UTF_8);
        int a = s.indexOf(' ');
        int b = a < 0 ? -1 : s.indexOf(' ', a + 1);
        int c = b < 0 ? -1 : s.indexOf(' ', b + 1);
        if (c < 0) {
            throw new MqException.BadReply("a LEASE reply frame is '<lease-id> <deliveries> <message-id|-> <text>', got '"
                    + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'");
        }
        try {
            long id = Long.parseLong(s, 0, a, 10);
            int deliveries = Integer.parseInt(s, a + 1, b, 10);
            String messageId = s.substring(b + 1, c);
            int prefixBytes = s.substring(0, c + 1).getBytes(StandardCharsets.UTF_8).length;
            byte[] body = new byte[frameText.length - prefixBytes];
            System.arraycopy(frameText, prefixBytes, body, 0, body.length);
            return new Lease(id, deliveries, "-".equals(messageId) ? null : messageId, body);
        } catch (NumberFormatException e) {
            throw new MqException.BadReply("a LEASE reply frame starts with two decimal numbers, got '"
                    + s.substring(0, c) + "'");
        }
    }

    /** The frame text of this lease as a node sends it. */
    public byte[] toFrameText() {
        byte[] prefix = (leaseId + " " + deliveries + " " + (messageId == null ? "-" : messageId) + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }
}

package io.udpgraph.worker;

import io.udpgraph.protocol.ProtocolLimits;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The PUTID ids of effectively-once results, derived so that every delivery of the same input yields
 * the same ids: {@code <input id>.<result index>}, where the input id is the producer's message id, or,
 * for a message put without one, {@code <host>-<port>-<sequence>} of the input node (the sequence number of
 * its lease id, the same on every delivery). Ids stay within
 * the protocol's {@link ProtocolLimits#MAX_PRODUCER_ID_BYTES} printable bytes: a longer one (a long chain
 * of vertices) becomes {@code h} and 32 hex digits of its SHA-256. Stateless.
 */
final class OutputIds {
    static final int MAX_ID_BYTES = ProtocolLimits.MAX_PRODUCER_ID_BYTES;

    private OutputIds() {
    }

    /** The id every result of this delivery derives from. */
    static String base(String messageId, InetSocketAddress input, long sequence) {
        if (messageId != null && !messageId.isEmpty()) {
            return messageId;
        }
        return clean(input.getHostString()) + "-" + input.getPort() + "-" + sequence;
    }

    /** The id of the result at {@code index} (0-based, in emission order) of the input with id {@code base}. */
    static String result(String base, int index) {
        return fit(base + "." + index);
    }

    /** The id of the error report forwarded for the input with id {@code base}. */
    static String error(String base) {
        return fit(base + ".error");
    }

    private static String fit(String id) {
        if (id.length() <= MAX_ID_BYTES) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "h" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String clean(String host) {
        StringBuilder sb = new StringBuilder(host.length());
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            sb.append(ProtocolLimits.isProducerIdByte(c) ? c : '_');
        }
        return sb.toString();
    }
}

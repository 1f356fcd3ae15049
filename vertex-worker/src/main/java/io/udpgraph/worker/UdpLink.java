package io.udpgraph.worker;

import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.worker.Publisher.Pending;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A raw UDP sink: each result is one datagram of its text, and nobody acknowledges, so it counts as out once sent. */
final class UdpLink extends OutputLink {
    private final DatagramChannel channel;

    UdpLink(Output output, boolean countsAsResult, WorkerMetrics metrics, ErrorLog errorLog) throws IOException {
        super(output, countsAsResult, metrics, errorLog);
        this.channel = DatagramChannel.open();
    }

    @Override
    boolean flush(BooleanSupplier giveUp) {
        List<Pending> todo = takePending();
        int sent = 0;
        for (Pending p : todo) {
            byte[] bytes = p.body();
            if (bytes.length > ProtocolLimits.MAX_DATAGRAM_BYTES) {
                lost(1, "too-large", "a result of " + bytes.length + " bytes does not fit one datagram ("
                        + ProtocolLimits.MAX_DATAGRAM_BYTES + " at most)");
                continue;
            }
            try {
                channel.send(ByteBuffer.wrap(bytes), output.address());
                sent++;
            } catch (IOException e) {
                lost(1, "udp-send", "cannot send to " + output + ": " + e.getMessage());
            }
        }
        delivered(sent);
        return true;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}

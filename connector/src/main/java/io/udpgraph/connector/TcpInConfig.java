package io.udpgraph.connector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.udpgraph.protocol.BusyPoll;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.ProtocolLimits;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TcpIn} (or {@link UdpIn}) runs; start from {@link #of} and change what you need with the withers.
 *
 * @param listen          where feeds connect (port 0 picks a free one)
 * @param to              the queue node messages are PUT to
 * @param framing         how messages are cut from each stream
 * @param maxMessageBytes the longest message; a longer frame closes its connection
 * @param guarantee       at-least-once, or effectively-once with PUTID ids and checksums
 * @param timeout         how long to wait for each reply before the batch is sent again
 * @param bufferBytes     read buffer per connection: bytes read and not yet stored, at most
 * @param name            node name, the node tag of the metrics
 * @param registry        where the meters go
 * @param busyPoll    how long the connector polls for the queue node's reply before it blocks ({@link BusyPoll})
 */
public record TcpInConfig(InetSocketAddress listen, InetSocketAddress to, Framing framing, int maxMessageBytes,
                          Guarantee guarantee, Duration timeout, int bufferBytes, String name,
                          MeterRegistry registry, BusyPoll busyPoll) {
    /** Read buffer per connection: room for thousands of small frames, so one read feeds many datagrams. */
    public static final int DEFAULT_BUFFER_BYTES = 256 * 1024;
    /** The largest message one PUT can carry. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = ProtocolLimits.MAX_MESSAGE_BYTES;
    public static final String DEFAULT_NAME = "tcp-in";

    public TcpInConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(busyPoll, "busyPoll");
        if (maxMessageBytes < 0 || maxMessageBytes > ProtocolLimits.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("the longest message is 0-" + ProtocolLimits.MAX_MESSAGE_BYTES
                    + " bytes (what one PUT can carry), got " + maxMessageBytes);
        }
        if (bufferBytes < framing.codec(maxMessageBytes).framedLength(maxMessageBytes) + 2) {
            throw new IllegalArgumentException("the read buffer must hold the longest frame, "
                    + framing.codec(maxMessageBytes).framedLength(maxMessageBytes) + " bytes; got " + bufferBytes);
        }
    }

    /** Listens on {@code listen}, PUTs to {@code to}, with the documented defaults and a fresh registry. */
    public static TcpInConfig of(InetSocketAddress listen, InetSocketAddress to, Framing framing) {
        return new TcpInConfig(listen, to, framing, DEFAULT_MAX_MESSAGE_BYTES, Guarantee.AT_LEAST_ONCE,
                MqClient.Options.DEFAULT_TIMEOUT, DEFAULT_BUFFER_BYTES, DEFAULT_NAME, new SimpleMeterRegistry(),
                ConnectorBusyPollOption.DEFAULT);
    }

    public TcpInConfig maxMessageBytes(int n) {
        return new TcpInConfig(listen, to, framing, n, guarantee, timeout, bufferBytes, name, registry, busyPoll);
    }

    public TcpInConfig guarantee(Guarantee g) {
        return new TcpInConfig(listen, to, framing, maxMessageBytes, g, timeout, bufferBytes, name, registry, busyPoll);
    }

    public TcpInConfig timeout(Duration d) {
        return new TcpInConfig(listen, to, framing, maxMessageBytes, guarantee, d, bufferBytes, name, registry, busyPoll);
    }

    public TcpInConfig bufferBytes(int n) {
        return new TcpInConfig(listen, to, framing, maxMessageBytes, guarantee, timeout, n, name, registry, busyPoll);
    }

    public TcpInConfig name(String n) {
        return new TcpInConfig(listen, to, framing, maxMessageBytes, guarantee, timeout, bufferBytes, n, registry, busyPoll);
    }

    public TcpInConfig registry(MeterRegistry r) {
        return new TcpInConfig(listen, to, framing, maxMessageBytes, guarantee, timeout, bufferBytes, name, r, busyPoll);
    }

    public TcpInConfig busyPoll(BusyPoll b) {
        return new TcpInConfig(listen, to, framing, maxMessageBytes, guarantee, timeout, bufferBytes, name, registry, b);
    }
}

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
 * How a {@link TcpOut} runs; start from {@link #connectTo} or {@link #listenOn} and change what you need with the
 * withers.
 *
 * @param from        the queue node messages are leased from
 * @param peer        the address to connect to, or to listen on when {@code listen}
 * @param listen      wait for the peer to connect instead of connecting to it
 * @param framing     how messages are framed on the stream
 * @param take        messages asked for per LEASE (the node sends what fits one datagram)
 * @param leaseTime   how long a leased message stays invisible to others before it is delivered again
 * @param timeout     how long to wait for each reply
 * @param maxBackoff  the longest pause between attempts to reconnect
 * @param name        node name, the node tag of the metrics
 * @param registry    where the meters go
 * @param busyPoll    how long the connector polls for the queue node's reply before it blocks ({@link BusyPoll})
 */
public record TcpOutConfig(InetSocketAddress from, InetSocketAddress peer, boolean listen, Framing framing, int take,
                           Duration leaseTime, Duration timeout, Duration maxBackoff, String name,
                           MeterRegistry registry, BusyPoll busyPoll) {
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
    /** The wait of each LEASE for a first message: short, so a stop is quick. */
    static final Duration LEASE_WAIT = Duration.ofMillis(200);
    public static final String DEFAULT_NAME = "tcp-out";

    public TcpOutConfig {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(busyPoll, "busyPoll");
        ProtocolLimits.requireTake(take, "take");
        if (!ProtocolLimits.isLeaseMs(leaseTime.toMillis())) {
            throw new IllegalArgumentException("the lease time is 1ms-" + ProtocolLimits.MAX_LEASE_MS
                    + "ms, got " + leaseTime.toMillis() + "ms");
        }
    }

    /** Leases from {@code from} and writes to a peer listening at {@code peer}, with the documented defaults. */
    public static TcpOutConfig connectTo(InetSocketAddress from, InetSocketAddress peer, Framing framing) {
        return new TcpOutConfig(from, peer, false, framing, ProtocolLimits.MAX_TAKE, DEFAULT_LEASE_TIME,
                MqClient.Options.DEFAULT_TIMEOUT, DEFAULT_MAX_BACKOFF, DEFAULT_NAME, new SimpleMeterRegistry(),
                ConnectorBusyPollOption.DEFAULT);
    }

    /** Leases from {@code from} and writes to the peer that connects to {@code at}, with the documented defaults. */
    public static TcpOutConfig listenOn(InetSocketAddress from, InetSocketAddress at, Framing framing) {
        return connectTo(from, at, framing).listen(true);
    }

    public TcpOutConfig listen(boolean b) {
        return new TcpOutConfig(from, peer, b, framing, take, leaseTime, timeout, maxBackoff, name, registry, busyPoll);
    }

    public TcpOutConfig take(int n) {
        return new TcpOutConfig(from, peer, listen, framing, n, leaseTime, timeout, maxBackoff, name, registry, busyPoll);
    }

    public TcpOutConfig leaseTime(Duration d) {
        return new TcpOutConfig(from, peer, listen, framing, take, d, timeout, maxBackoff, name, registry, busyPoll);
    }

    public TcpOutConfig timeout(Duration d) {
        return new TcpOutConfig(from, peer, listen, framing, take, leaseTime, d, maxBackoff, name, registry, busyPoll);
    }

    public TcpOutConfig maxBackoff(Duration d) {
        return new TcpOutConfig(from, peer, listen, framing, take, leaseTime, timeout, d, name, registry, busyPoll);
    }

    public TcpOutConfig name(String n) {
        return new TcpOutConfig(from, peer, listen, framing, take, leaseTime, timeout, maxBackoff, n, registry, busyPoll);
    }

    public TcpOutConfig registry(MeterRegistry r) {
        return new TcpOutConfig(from, peer, listen, framing, take, leaseTime, timeout, maxBackoff, name, r, busyPoll);
    }

    public TcpOutConfig busyPoll(BusyPoll b) {
        return new TcpOutConfig(from, peer, listen, framing, take, leaseTime, timeout, maxBackoff, name, registry, b);
    }
}

package io.udpgraph.mq;

import io.micrometer.core.instrument.MeterRegistry;
import io.udpgraph.protocol.BusyPoll;
import io.udpgraph.protocol.HostPort;
import io.udpgraph.protocol.ProtocolLimits;
import io.udpgraph.runtime.BindOption;
import io.udpgraph.runtime.MetricsEndpoint;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link QueueNode} needs, as an immutable value: start from {@link #defaults()} and change
 * what you need with the withers ({@code QueueConfig.defaults().port(0).capacityMessages(1000)}).
 *
 * @param name                 the node's name, the {@code node} tag of every meter and the prefix of its log lines
 * @param bind                 the local address to bind, {@code 127.0.0.1} by default
 * @param port                 the UDP port; 0 picks a free one ({@link QueueNode#address()} tells which)
 * @param capacityMessages     messages the node holds at most (visible and leased); a PUT past it gets {@code ERR full}
 * @param capacityBytes        message bytes the node holds at most; a PUT past it gets {@code ERR full}
 * @param maxMessageBytes      the largest message a PUT may carry; larger ones get {@code ERR too-large}
 * @param threads              receiving threads, each with its own socket on the port ({@code SO_REUSEPORT} when more than one)
 * @param maxDeliveries        leases a message gets at most before it is dead-lettered; 0 means no limit
 * @param deadLetter           where dead-lettered messages are forwarded with a PUT; {@code null} drops and counts them
 * @param dedupWindowMessages  how many recent {@code PUTID} ids are remembered for deduplication
 * @param dedupWindowTime      how long a {@code PUTID} id is remembered for deduplication
 * @param registry             where the node's meters go, each tagged {@code node=<name>}
 * @param journal              told of every change to the stored messages, so a durable log can follow them
 * @param busyPoll             how long a receiving thread polls its socket before it blocks ({@link BusyPoll})
 */
public record QueueConfig(
        String name,
        String bind,
        int port,
        int capacityMessages,
        long capacityBytes,
        int maxMessageBytes,
        int threads,
        int maxDeliveries,
        HostPort deadLetter,
        int dedupWindowMessages,
        Duration dedupWindowTime,
        MeterRegistry registry,
        StoreJournal journal,
        BusyPoll busyPoll) {

    /** The name of a node nobody named. */
    public static final String DEFAULT_NAME = "mq";
    /** Loopback only, until a user asks for more. */
    public static final String DEFAULT_BIND = BindOption.DEFAULT_BIND;
    /** The port the original stream-py examples used. */
    public static final int DEFAULT_PORT = 10_000;
    /** Large enough for any experiment on one machine, small enough that a runaway producer meets a wall. */
    public static final int DEFAULT_CAPACITY_MESSAGES = 1_000_000;
    /** 256 MiB of message bytes. */
    public static final long DEFAULT_CAPACITY_BYTES = 256L * 1024 * 1024;
    /**
     * 65,000 bytes: below the 65,498 a classic PUT frame can carry, so that every stored message also fits a
     * checksummed LEASE reply frame with its ids in front.
     */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 65_000;
    /** The largest message a PUT frame can carry at all: a datagram's text less {@code PUT:}. */
    public static final int LIMIT_MAX_MESSAGE_BYTES = ProtocolLimits.MAX_MESSAGE_BYTES;
    /**
     * One thread, chosen by measurement on a 2-core host with the load generator beside the node (scripts/bench,
     * one and two threads run in turn, five runs each, median): one thread served as many PUT/GET pairs at 16
     * clients (39.8 k against 39.7 k per second), more at 1 and 64 clients (35.2 k against 32.4 k, 60.9 k
     * against 45.4 k) and a lower p50 at 1 client (19.9 against 23.4 µs): a second receiving thread competes for
     * the core the clients need and pays for cross-core wake-ups. Raise it on machines with cores to spare.
     */
    public static final int DEFAULT_THREADS = 1;
    /** No limit: a message is leased again and again until ACKed. */
    public static final int DEFAULT_MAX_DELIVERIES = 0;
    /** Ids of the last 100,000 {@code PUTID}s are remembered. */
    public static final int DEFAULT_DEDUP_WINDOW_MESSAGES = 100_000;
    /** Ids are remembered for five minutes, as SQS FIFO queues do. */
    public static final Duration DEFAULT_DEDUP_WINDOW_TIME = Duration.ofMinutes(5);

    public QueueConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(dedupWindowTime, "dedupWindowTime");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(busyPoll, "busyPoll");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535 (0 picks a free one), got " + port);
        }
        if (capacityMessages < 1) {
            throw new IllegalArgumentException("capacityMessages must be at least 1, got " + capacityMessages);
        }
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("capacityBytes must be at least 1, got " + capacityBytes);
        }
        if (maxMessageBytes < 0 || maxMessageBytes > LIMIT_MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must be 0-" + LIMIT_MAX_MESSAGE_BYTES
                    + " (what one PUT datagram can carry), got " + maxMessageBytes);
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1-64, got " + threads);
        }
        if (maxDeliveries < 0) {
            throw new IllegalArgumentException("maxDeliveries must be 0 (no limit) or more, got " + maxDeliveries);
        }
        if (dedupWindowMessages < 0) {
            throw new IllegalArgumentException("dedupWindowMessages must be 0 (no dedup) or more, got " + dedupWindowMessages);
        }
        if (dedupWindowTime.isNegative()) {
            throw new IllegalArgumentException("dedupWindowTime must not be negative, got " + dedupWindowTime);
        }
    }

    /** A node on 127.0.0.1:10000 with the documented defaults, a fresh meter registry and no journal. */
    public static QueueConfig defaults() {
        return new QueueConfig(DEFAULT_NAME, DEFAULT_BIND, DEFAULT_PORT, DEFAULT_CAPACITY_MESSAGES,
                DEFAULT_CAPACITY_BYTES, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_THREADS, DEFAULT_MAX_DELIVERIES, null,
                DEFAULT_DEDUP_WINDOW_MESSAGES, DEFAULT_DEDUP_WINDOW_TIME, MetricsEndpoint.newRegistry(),
                StoreJournal.NONE, BusyPoll.OFF);
    }

    public QueueConfig name(String v) {
        return new QueueConfig(v, bind, port, capacityMessages, capacityBytes, maxMessageBytes, threads,
                maxDeliveries, deadLetter, dedupWindowMessages, dedupWindowTime, registry, journal, busyPoll);
    }

    public QueueConfig bind(String v) {
        return new QueueConfig(name, v, port, capacityMessages, capacityBytes, maxMessageBytes, threads,
                maxDeliveries, deadLetter, dedupWindowMessages, dedupWindowTime, registry, journal, busyPoll);
    }

    public QueueConfig port(int v) {
        return new QueueConfig(name, bind, v, capacityMessages, capacityBytes, maxMessageBytes, threads,
                maxDeliveries, deadLetter, dedupWindowMessages, dedupWindowTime, registry, journal, busyPoll);
    }

    public QueueConfig capacityMessages(int v) {
        return new QueueConfig(name, bind, port, v, capacityBytes, maxMessageBytes, threads,
                maxDeliveries, deadLetter, dedupWindowMessages, dedupWindowTime, registry, journal, busyPoll);
    }

    public QueueConfig capacityBytes(long v) {
        return new QueueConfig(name, bind, port, capacityMessages, v, maxMessageBytes, threads,
                maxDeliveries, deadLetter, dedupWindowMessages, dedupWindowTime, registry, journal, busyPoll);
    }

    public QueueConfig maxMessageBytes(int v) {
        return new QueueConfig(name, bind, port, capacityMessages, capacityBytes, v, threads,
                maxDeliveries, deadLetter, dedupWindowMessages, dedupWindowTime, registry, journal, busyPoll);
    }

    public QueueConfig threads(int v) {
        return new QueueConfig(name, bind, port, capacityMessages, capacityBytes, maxMessageBytes, v,
                maxDeliveries, deadLetter, dedupWindowMessages, dedupWindowTime, registry, journal, busyPoll);
    }

    public QueueConfig maxDeliveries(int v) {
        return new QueueConfig(name, bind, port, capacityMessages, capacityBytes, maxMessageBytes, threads,
                v, deadLetter, dedupWindowMessages, dedupWindowTime, registry, journal, busyPoll);
    }

    /** Forward dead-lettered messages to this node; {@code null} drops and counts them. */
    public QueueConfig deadLetter(HostPort v) {
        return new QueueConfig(name, bind, port, capacityMessages, capacityBytes, maxMessageBytes, threads,
                maxDeliveries, v, dedupWindowMessages, dedupWindowTime, registry, journal, busyPoll);
    }

    public QueueConfig dedupWindowMessages(int v) {
        return new QueueConfig(name, bind, port, capacityMessages, capacityBytes, maxMessageBytes, threads,
                maxDeliveries, deadLetter, v, dedupWindowTime, registry, journal, busyPoll);
    }

    public QueueConfig dedupWindowTime(Duration v) {
        return new QueueConfig(name, bind, port, capacityMessages, capacityBytes, maxMessageBytes, threads,
                maxDeliveries, deadLetter, dedupWindowMessages, v, registry, journal, busyPoll);
    }

    public QueueConfig registry(MeterRegistry v) {
        return new QueueConfig(name, bind, port, capacityMessages, capacityBytes, maxMessageBytes, threads,
                maxDeliveries, deadLetter, dedupWindowMessages, dedupWindowTime, v, journal, busyPoll);
    }

    public QueueConfig journal(StoreJournal v) {
        return new QueueConfig(name, bind, port, capacityMessages, capacityBytes, maxMessageBytes, threads,
                maxDeliveries, deadLetter, dedupWindowMessages, dedupWindowTime, registry, v, busyPoll);
    }

    public QueueConfig busyPoll(BusyPoll v) {
        return new QueueConfig(name, bind, port, capacityMessages, capacityBytes, maxMessageBytes, threads,
                maxDeliveries, deadLetter, dedupWindowMessages, dedupWindowTime, registry, journal, v);
    }
}

package io.udpgraph.mq;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.udpgraph.protocol.ErrorReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A queue node's meters, every one tagged {@code node=<name>}; removed from the registry when the node closes. */
final class QueueMetrics {
    final Counter puts;
    final Counter gets;
    final Counter emptyGets;
    final Counter leases;
    final Counter acks;
    final Counter nacks;
    final Counter deadLetterFailures;
    final Timer waitTime;
    private final Counter[] errors;
    private final Counter[] refused;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    QueueMetrics(MeterRegistry registry, String node, QueueStore store) {
        this.registry = registry;
        Tags tags = Tags.of("node", node);
        puts = add(Counter.builder("mq.puts").tags(tags)
                .description("messages stored by PUT or PUTID (repeats inside the dedup window not included)")
                .register(registry));
        gets = add(Counter.builder("mq.gets").tags(tags)
                .description("messages taken by GET").register(registry));
        emptyGets = add(Counter.builder("mq.gets.empty").tags(tags)
                .description("GETs and LEASEs answered with the empty frame").register(registry));
        leases = add(Counter.builder("mq.leases").tags(tags)
                .description("messages handed out by LEASE (redeliveries included)").register(registry));
        acks = add(Counter.builder("mq.acks").tags(tags)
                .description("leased messages removed by ACK").register(registry));
        nacks = add(Counter.builder("mq.nacks").tags(tags)
                .description("leased messages made visible again by NACK").register(registry));
        deadLetterFailures = add(Counter.builder("mq.dead.letter.failures").tags(tags)
                .description("dead-lettered messages the dead-letter node did not acknowledge").register(registry));
        add(FunctionCounter.builder("mq.dead.lettered", store, QueueStore::deadLettered).tags(tags)
                .description("messages that reached --max-deliveries").register(registry));
        add(FunctionCounter.builder("mq.unreadable", store, QueueStore::unreadable).tags(tags)
                .description("messages lost because their body could not be read back from the log (a damaged record)")
                .register(registry));
        add(FunctionCounter.builder("mq.deduplicated", store, QueueStore::deduplicated).tags(tags)
                .description("PUTIDs acknowledged but not stored: their id was inside the dedup window")
                .register(registry));
        add(Gauge.builder("mq.depth", store, QueueStore::visible).tags(tags)
                .description("visible messages: what SIZE answers").register(registry));
        add(Gauge.builder("mq.leased", store, QueueStore::leased).tags(tags)
                .description("messages leased and not yet ACKed").register(registry));
        add(Gauge.builder("mq.stored.bytes", store, QueueStore::bytes).tags(tags)
                .description("bytes of the messages held, visible and leased").register(registry));
        add(Gauge.builder("mq.memory.bytes", store, QueueStore::memoryBytes).tags(tags)
                .description("bytes the store takes to hold them: off-heap chunks and index arrays").register(registry));
        waitTime = add(Timer.builder("mq.wait").tags(tags)
                .description("time a message waited in the queue, from its PUT to its GET or first LEASE")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry));
        meters.addAll(store.journal().registerMeters(registry, tags));
        errors = new Counter[ErrorReason.values().length];
        for (ErrorReason r : ErrorReason.values()) {
            errors[r.ordinal()] = add(Counter.builder("mq.errors").tags(tags).tag("reason", r.word())
                    .description("requests answered with ERR, by reason").register(registry));
        }
        refused = new Counter[Refusal.values().length];
        for (Refusal r : Refusal.values()) {
            refused[r.ordinal()] = add(Counter.builder("mq.refused").tags(tags).tag("reason", r.word)
                    .description("requests or lease ids refused without effect, by reason").register(registry));
        }
    }

    /** Why a request (or one lease id of it) was refused without effect; the {@code reason} tag of mq.refused. */
    enum Refusal {
        /** The source is outside the node's --allow list: no reply. */
        NOT_ALLOWED("not-allowed"),
        /** The source spent its reply budget (--max-reply-rate): no reply. */
        REPLY_BUDGET("reply-budget"),
        /** No room to park a long poll (per source, in all, or in bytes): answered empty at once. */
        PARKING_FULL("parking-full"),
        /** An ACK or NACK id this node never handed out, with a wrong tag, or already settled. */
        UNKNOWN_LEASE("unknown-lease");

        final String word;

        Refusal(String word) {
            this.word = word;
        }
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    void error(ErrorReason reason) {
        errors[reason.ordinal()].increment();
    }

    void refused(Refusal reason) {
        refused[reason.ordinal()].increment();
    }

    void refused(Refusal reason, int n) {
        refused[reason.ordinal()].increment(n);
    }

    long refusedCount(Refusal reason) {
        return (long) refused[reason.ordinal()].count();
    }

    long errors(ErrorReason reason) {
        return (long) errors[reason.ordinal()].count();
    }

    void waited(long putNanos, long nowNanos) {
        waitTime.record(nowNanos - putNanos, TimeUnit.NANOSECONDS);
    }

    /** Takes the node's meters out of the registry, so a node started later under the same name starts afresh. */
    void remove() {
        for (Meter m : meters) {
            registry.remove(m);
        }
    }
}

package io.udpgraph.topology;

import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sources' half of an {@link Experiment}: every source's messages in order, each sent at its source's rate
 * and guarantee on a thread of its own, and under effectively-once the missing ones sent again with their ids
 * once the graph has gone quiet.
 */
final class Feed {
    /** How long a source waits for a PUT's reply: loopback answers within a millisecond. */
    static final Duration SOURCE_TIMEOUT = Duration.ofMillis(20);
    /** How long an effectively-once source waits for the graph to go quiet before it resends what is missing. */
    static final Duration RESEND_QUIET = Duration.ofSeconds(1);
    /** Rounds of resending at most. */
    static final int RESEND_ROUNDS = 3;

    /** What the feed needs of the sinks' half: when a result last arrived, and a fresh quiet period. */
    interface Arrivals {
        /** {@code System.nanoTime()} of the latest arrival (or of the start). */
        long lastArrivalNanos();

        /** Counts the quiet period from now, as if a result had just arrived. */
        void quietFromNow();
    }

    private final Topology topology;
    /** Every message of every source, in source order, with its target queue, source index and sequence number. */
    final List<String> messages = new ArrayList<>();
    final List<String> targets = new ArrayList<>();
    final List<Integer> sourceOf = new ArrayList<>();
    final List<Long> seqOf = new ArrayList<>();
    /** When each message was first sent, for its result's latency. */
    final long[] sentNanos;
    private final AtomicLong unacknowledged = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private Catalog catalog;
    private Arrivals arrivals;

    /** The messages of every source of {@code topology}; a source reading stdin reads {@code stdin} now. */
    Feed(Topology topology, InputStream stdin) throws IOException {
        this.topology = topology;
        int s = 0;
        for (Topology.Source source : topology.sources().values()) {
            List<String> m = Messages.of(source, s, stdin);
            for (int i = 0; i < m.size(); i++) {
                messages.add(m.get(i));
                targets.add(source.to());
                sourceOf.add(s);
                seqOf.add((long) i);
            }
            s++;
        }
        sentNanos = new long[messages.size()];
    }

    /**
     * Starts one daemon thread per source, feeding {@code graph} until done, {@code deadline} or {@code stop};
     * {@code catalog} says which results are still missing. Returns the threads.
     */
    List<Thread> start(RunningGraph graph, Catalog catalog, Arrivals arrivals, long deadline, AtomicBoolean stop) {
        this.catalog = catalog;
        this.arrivals = arrivals;
        List<Thread> sources = new ArrayList<>();
        int index = 0;
        int first = 0;
        for (Topology.Source source : topology.sources().values()) {
            int from = first;
            int sourceIndex = index;
            while (first < messages.size() && sourceOf.get(first) == sourceIndex) {
                first++;
            }
            int to = first;
            // A source with via: pours its stream through that tcp-in connector instead of PUTting itself.
            Runnable feeding = source.via() == null ? () -> feed(graph, source, from, to, deadline, stop)
                    : new ConnectorFeed(source, graph.connectorAddress(source.via()),
                            topology.connectors().get(source.via()).framing(), messages, from, to, sentNanos, sent,
                            unacknowledged, stop);
            Thread t = new Thread(feeding, "source-" + source.name());
            t.setDaemon(true);
            t.start();
            sources.add(t);
            index++;
        }
        return sources;
    }

    /** Messages sent (each once, however often it was retried). */
    long sent() {
        return sent.get();
    }

    /** PUTs that got no reply in time and were not retried. */
    long unacknowledged() {
        return unacknowledged.get();
    }

    /** Messages sent again by effectively-once sources. */
    long resent() {
        return resent.get();
    }

    private void feed(RunningGraph graph, Topology.Source source, int from, int to, long deadline, AtomicBoolean stop) {
        boolean once = source.guarantee().equals("effectively-once");
        boolean retry = !source.guarantee().equals("at-most-once");
        // A fresh port per PUT under effectively-once: a late reply to an earlier PUTID cannot pass for this one's.
        MqClient.Options options = MqClient.Options.defaults().timeout(SOURCE_TIMEOUT).retries(3).retryPuts(retry)
                .checksums(once).freshPortPerRequest(once);
        Pacer pacer = new Pacer(source.rate());
        try (MqClient client = MqClient.connect(graph.addressFor(source.name(), source.to()), options)) {
            for (int k = from; k < to && !stop.get(); k++) {
                pacer.awaitNext();
                sentNanos[k] = System.nanoTime();
                sent.incrementAndGet();
                send(client, source, k, once, retry, deadline, stop);
            }
            if (once) {
                resendMissing(graph, client, source, from, to, deadline, stop);
            }
        } catch (IOException e) {
            System.err.println("topology: source " + source.name() + " stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The producer's half of effectively-once, end to end: a PUT reply does not say which request it answers,
     * so a late reply to an earlier PUTID can pass for the reply to a lost one. Once the graph has gone quiet,
     * and no queue node holds anything (visible or leased), every message of this source whose results have
     * not all arrived is sent again with its same id; the first queue node drops the ids it has already stored,
     * so this can only add what never got in.
     */
    private void resendMissing(RunningGraph graph, MqClient client, Topology.Source source, int from, int to,
                               long deadline, AtomicBoolean stop) throws InterruptedException, IOException {
        long quietNanos = Math.min(topology.run().quiet().toNanos(), RESEND_QUIET.toNanos());
        for (int round = 0; round < RESEND_ROUNDS && !stop.get(); round++) {
            while (!stop.get()) {
                long last = arrivals.lastArrivalNanos();
                if (catalog.outstanding() == 0) {
                    return;
                }
                if (System.nanoTime() - last > quietNanos && drained(graph)) {
                    break;
                }
                Thread.sleep(100);
            }
            List<Integer> missing = new ArrayList<>();
            for (int k : new HashSet<>(catalog.missing())) {
                if (k >= from && k < to) {
                    missing.add(k);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            missing.sort(null);
            for (int k : missing) {
                if (stop.get()) {
                    return;
                }
                resent.incrementAndGet();
                send(client, source, k, true, true, deadline, stop);
            }
            arrivals.quietFromNow(); // give the resent messages a quiet period of their own
        }
    }

    /** Whether every queue node holds nothing, visible or leased: whatever got in has gone all the way. */
    static boolean drained(RunningGraph graph) {
        for (NodeCounters n : graph.counters()) {
            if (n.kind().equals("queue") && (n.get("depth") != 0 || n.get("leased") != 0)) {
                return false;
            }
        }
        return true;
    }

    private void send(MqClient client, Topology.Source source, int k, boolean once, boolean retry, long deadline,
                      AtomicBoolean stop) throws IOException {
        byte[] text = messages.get(k).getBytes(StandardCharsets.UTF_8);
        while (true) {
            try {
                if (once) {
                    client.putWithId(source.name() + "-" + seqOf.get(k), text);
                } else {
                    client.put(text);
                }
                return;
            } catch (MqException e) {
                if (!retry || stop.get() || System.nanoTime() > deadline) {
                    unacknowledged.incrementAndGet();
                    return;
                }
            }
        }
    }
}

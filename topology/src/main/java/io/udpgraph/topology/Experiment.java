package io.udpgraph.topology;

import io.udpgraph.protocol.Lease;
import io.udpgraph.protocol.LeaseId;
import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.MqException;
import io.udpgraph.protocol.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.HdrHistogram.Histogram;

/**
 * One run of {@code topology run}: start the graph, feed every source, take everything the sinks' queues
 * hold, wait until everything expected arrived or the sinks went quiet (or the timeout), stop, and report.
 */
public final class Experiment {
    /** How long a sink asks its queue to hold a poll open. */
    static final Duration SINK_POLL = Duration.ofMillis(50);
    /** A sink's classic take, {@code GET:64:<poll>}: up to 64 messages, the first awaited up to {@link #SINK_POLL}. */
    static final int SINK_TAKE = 64;
    /** How long a message leased by a sink stays invisible: a lost ACK brings it back after this. */
    static final Duration SINK_LEASE = Duration.ofSeconds(1);
    /** How many of a sink's lease times a quiet run waits at most for its queues to empty: a reply lost again and again. */
    static final int SINK_LEASES_WAITED = 5;
    /** After the last expected result, how long to keep listening for late duplicates. */
    static final Duration GRACE = Duration.ofMillis(300);

    private final Topology topology;
    private final Function<Topology, RunningGraph> launcher;
    private final String mode;
    private final InputStream stdin;
    private final PrintStream progressTo;

    private Feed feed;
    private Catalog catalog;

    private final Object lock = new Object();
    private long delivered;
    private long duplicated;
    private long corrupted;
    private long reordered;
    private long lastArrivalNanos;
    private final Map<String, Long> perSink = new LinkedHashMap<>();
    private final Map<String, Long> highestSeq = new HashMap<>();
    private final Histogram latency = new Histogram(3);
    private final TreeMap<Integer, Histogram> perSecond = new TreeMap<>();
    private final ArrivalSeries series = new ArrivalSeries();
    private final List<TimelineMark> marks = new ArrayList<>();
    private SequenceLedger ledger;
    private BooleanSupplier stopRequested = () -> false;
    private boolean interrupted;
    private long startNanos;

    /**
     * An experiment on {@code topology}; {@code launcher} starts its nodes (in this JVM or as processes),
     * {@code progressTo} shows a progress bar when not null.
     */
    public Experiment(Topology topology, Function<Topology, RunningGraph> launcher, String mode, InputStream stdin,
                      PrintStream progressTo) {
        this.topology = topology;
        this.launcher = launcher;
        this.mode = mode;
        this.stdin = stdin;
        this.progressTo = progressTo;
    }

    /**
     * Makes the run stop early, with a partial report, once {@code stop} says so (checked every 20 ms): Ctrl-C.
     */
    public Experiment stopWhen(BooleanSupplier stop) {
        this.stopRequested = stop;
        return this;
    }

    /** Runs the experiment and returns its report; the graph is stopped whatever happens. */
    public Report run() throws IOException, InterruptedException {
        feed = new Feed(topology, stdin);
        ledger = new SequenceLedger(List.copyOf(topology.sources().keySet()), feed.sourceOf, feed.seqOf);
        catalog = Catalog.of(topology, feed.messages, feed.targets);
        long timeoutNanos = topology.run().timeout().toNanos();
        long quietNanos = topology.run().quiet().toNanos();

        List<NodeCounters> nodes;
        boolean timedOut = false;
        long endNanos;
        try (RunningGraph graph = launcher.apply(topology)) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> sinks = new ArrayList<>();
            startNanos = System.nanoTime();
            lastArrivalNanos = startNanos;
            ScheduleRunner schedule = new ScheduleRunner(topology.schedule(), graph, startNanos, System::nanoTime,
                    this::mark);
            Thread scheduler = new Thread(schedule, "schedule");
            scheduler.setDaemon(true);
            scheduler.start();
            for (Topology.Sink sink : topology.sinks().values()) {
                perSink.put(sink.name(), 0L);
                Thread t = new Thread(() -> drain(graph, sink, stop), "sink-" + sink.name());
                t.setDaemon(true);
                t.start();
                sinks.add(t);
            }
            List<Thread> sources = feed.start(graph, catalog, new Feed.Arrivals() {
                @Override
                public long lastArrivalNanos() {
                    synchronized (lock) {
                        return lastArrivalNanos;
                    }
                }

                @Override
                public void quietFromNow() {
                    synchronized (lock) {
                        lastArrivalNanos = System.nanoTime();
                    }
                }
            }, startNanos + timeoutNanos, stop);
            ProgressBar bar = progressTo == null ? null : new ProgressBarBuilder().setTaskName(topology.name())
                    .setInitialMax(catalog.expected()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(100)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(progressTo)).build();
            try {
                long completeAt = 0;
                long scheduleDoneAt = startNanos;
                while (true) {
                    Thread.sleep(20);
                    long now = System.nanoTime();
                    boolean fed = sources.stream().noneMatch(Thread::isAlive);
                    long last;
                    long got;
                    synchronized (lock) {
                        last = lastArrivalNanos;
                        got = delivered;
                    }
                    if (bar != null) {
                        bar.stepTo(got);
                    }
                    if (stopRequested.getAsBoolean()) {
                        interrupted = true;
                        break;
                    }
                    if (now - startNanos > timeoutNanos) {
                        timedOut = true;
                        break;
                    }
                    if (!schedule.done()) {
                        scheduleDoneAt = now;
                        continue; // the run lasts until its last step, and then until it is quiet again
                    }
                    last = Math.max(last, scheduleDoneAt);
                    if (fed && catalog.outstanding() == 0) {
                        if (completeAt == 0) {
                            completeAt = now;
                        } else if (now - completeAt > Math.min(GRACE.toNanos(), quietNanos)) {
                            break;
                        }
                    } else if (fed && now - last > quietNanos
                            && (Feed.drained(graph)
                                || now - last > quietNanos + SINK_LEASES_WAITED * SINK_LEASE.toNanos())) {
                        break; // a leased message comes back when its lease ends: quiet means every queue is empty
                    }
                }
            } finally {
                if (bar != null) {
                    bar.close();
                }
                stop.set(true);
                scheduler.interrupt();
                scheduler.join(10_000);
                for (Thread t : sources) {
                    t.join(2000);
                }
                for (Thread t : sinks) {
                    t.join(2000);
                }
            }
            synchronized (lock) {
                endNanos = Math.max(lastArrivalNanos, startNanos + 1);
            }
            nodes = graph.counters();
        }
        return report(nodes, timedOut, endNanos);
    }

    /** Records a moment to mark on the report's charts, such as a scheduled step; any thread may call it. */
    void mark(TimelineMark m) {
        synchronized (lock) {
            marks.add(m);
        }
    }

    private void drain(RunningGraph graph, Topology.Sink sink, AtomicBoolean stop) {
        boolean leases = !sink.guarantee().equals("at-most-once");
        boolean once = sink.guarantee().equals("effectively-once");
        MqClient.Options options = MqClient.Options.defaults().timeout(Feed.SOURCE_TIMEOUT.plus(SINK_POLL))
                .checksums(once);
        Redeliveries redeliveries = new Redeliveries(once);
        try (MqClient client = MqClient.connect(graph.addressFor(sink.name(), sink.from()), options)) {
            while (!stop.get()) {
                try {
                    if (leases) {
                        List<Lease> got = client.lease(64, SINK_LEASE, SINK_POLL);
                        LeaseId[] ids = new LeaseId[got.size()];
                        for (int i = 0; i < got.size(); i++) {
                            Lease l = got.get(i);
                            ids[i] = l.leaseId();
                            if (redeliveries.firstTime(l)) {
                                arrived(sink.name(), l.text());
                            }
                        }
                        if (ids.length > 0) {
                            client.ack(ids);
                        }
                    } else {
                        // send, not get: a garbled GET is answered with an ERR frame, which is no message
                        List<Reply> replies = client.send(get -> get.get(SINK_TAKE, SINK_POLL.toMillis()), any -> true);
                        if (replies.size() == 1 && replies.get(0).isEmpty()) {
                            continue;
                        }
                        for (Reply m : replies) {
                            if (!m.isError()) {
                                arrived(sink.name(), new String(m.bytes(), StandardCharsets.UTF_8));
                            }
                        }
                    }
                } catch (MqException e) {
                    // a lost request or reply: at-most-once loses what it carried, leases come back; go on
                }
            }
        } catch (IOException e) {
            System.err.println("topology: sink " + sink.name() + " stopped: " + e.getMessage());
        }
    }

    private void arrived(String sink, String text) {
        long now = System.nanoTime();
        int k = catalog.take(text);
        synchronized (lock) {
            lastArrivalNanos = now;
            perSink.merge(sink, 1L, Long::sum);
            if (k == Integer.MIN_VALUE) {
                corrupted++;
                ledger.corrupted(text);
                return;
            }
            if (k < 0) {
                duplicated++;
                ledger.duplicate(-1 - k);
                return;
            }
            delivered++;
            long micros = Math.max(0, (now - feed.sentNanos[k]) / 1000);
            latency.recordValue(micros);
            series.add(now - startNanos, micros);
            int second = (int) ((now - startNanos) / 1_000_000_000L);
            perSecond.computeIfAbsent(second, x -> new Histogram(3)).recordValue(micros);
            String key = sink + "\u0000" + feed.sourceOf.get(k);
            long seq = feed.seqOf.get(k);
            Long high = highestSeq.get(key);
            if (high != null && seq < high) {
                reordered++;
            } else {
                highestSeq.put(key, seq);
            }
        }
    }

    private Report report(List<NodeCounters> nodes, boolean timedOut, long endNanos) {
        synchronized (lock) {
            double seconds = (endNanos - startNanos) / 1e9;
            Report.Latency lat = latency.getTotalCount() == 0 ? new Report.Latency(0, 0, 0, 0)
                    : new Report.Latency(ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(90)),
                            ms(latency.getValueAtPercentile(99)), ms(latency.getMaxValue()));
            List<Report.Second> timeline = new ArrayList<>();
            if (!perSecond.isEmpty()) {
                for (int sec = 0; sec <= perSecond.lastKey(); sec++) {
                    Histogram h = perSecond.get(sec);
                    timeline.add(h == null ? new Report.Second(sec, 0, 0, 0) : new Report.Second(sec,
                            h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99))));
                }
            }
            long lost = catalog.outstanding();
            RunExplanation explained = new RunExplanation(RunExplanation.faultPlanOf(topology), marks.stream()
                    .sorted(java.util.Comparator.comparingLong(TimelineMark::atMillis)).toList(),
                    ledger.sequences(catalog.missing()), ledger.corruptedUnread(), interrupted);
            Report draft = new Report(topology.name(), mode, feed.sent(), feed.unacknowledged(), feed.resent(),
                    catalog.expected(), delivered, lost, duplicated, corrupted, reordered, lat, seconds,
                    seconds > 0 ? delivered / seconds : 0, timedOut, perSink, timeline, nodes, List.of(),
                    series.buckets(seconds), explained);
            List<Report.Check> checks = new ArrayList<>();
            for (Expectation e : topology.expectations()) {
                double measured = draft.metric(e.metric());
                checks.add(new Report.Check(e.written(), measured, e.show(measured, catalog.expected()),
                        e.holds(measured, catalog.expected())));
            }
            return draft.withChecks(checks);
        }
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}

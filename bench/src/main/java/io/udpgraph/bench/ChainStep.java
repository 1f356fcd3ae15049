package io.udpgraph.bench;

import io.udpgraph.protocol.MqClient;
import io.udpgraph.protocol.Reply;
import io.udpgraph.protocol.RequestWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The worker-chain step: four queue nodes and three {@code passthrough} workers between them, each its own
 * process ({@code q0 → w1 → q1 → w2 → q2 → w3 → q3}). A producer PUTs messages into q0 in batches while a
 * consumer takes them from q3; the rate is messages taken over the time from the first PUT to the last GET.
 * Messages the producer had acknowledged but that never reached q3 are reported as lost, extra ones as repeats.
 */
final class ChainStep {
    private static final int STAGES = 3;
    private static final int PUTS_PER_DATAGRAM = 100;
    private final Path home;
    private final int nodeThreads;
    private final int workerBatch;
    private final Duration timeout;

    ChainStep(Path home, int nodeThreads, int workerBatch, Duration timeout) {
        this.home = home;
        this.nodeThreads = nodeThreads;
        this.workerBatch = workerBatch;
        this.timeout = timeout;
    }

    /** Starts the chain, warms it with half the messages (the workers' JIT needs it), then measures {@code runs} runs. */
    Figure run(int messages, int runs, Consumer<String> progress) throws IOException {
        List<NodeProcess> queues = new ArrayList<>();
        List<NodeProcess> workers = new ArrayList<>();
        try {
            List<InetSocketAddress> at = new ArrayList<>();
            for (int i = 0; i <= STAGES; i++) {
                List<String> args = new ArrayList<>(List.of("--port", "0", "--name", "q" + i));
                if (nodeThreads > 0) {
                    args.addAll(List.of("--threads", Integer.toString(nodeThreads)));
                }
                queues.add(NodeProcess.start(home, "q" + i, null, "mq-server", args));
            }
            for (NodeProcess q : queues) {
                at.add(q.awaitAddress(Duration.ofSeconds(120)));
            }
            for (int i = 0; i < STAGES; i++) {
                List<String> args = new ArrayList<>(List.of("--input", SuiteSteps.hostPort(at.get(i)),
                        "--output", SuiteSteps.hostPort(at.get(i + 1)), "--name", "w" + (i + 1),
                        "--function", "passthrough"));
                if (workerBatch > 0) {
                    args.addAll(List.of("--batch", Integer.toString(workerBatch)));
                }
                workers.add(NodeProcess.start(home, "w" + (i + 1), null, "vertex-worker", args));
            }
            for (NodeProcess w : workers) {
                w.awaitRunning(Duration.ofSeconds(120));
            }
            push(at.get(0), at.get(STAGES), Math.max(1, messages / 2));
            double[] rates = new double[runs];
            long lost = 0;
            long repeats = 0;
            for (int i = 0; i < runs; i++) {
                Pushed p = push(at.get(0), at.get(STAGES), messages);
                rates[i] = p.rate();
                lost += Math.max(0, p.acked() - p.received());
                repeats += Math.max(0, p.received() - p.acked());
                System.err.println("  " + p);
            }
            return Figure.of(rates, lost + " lost / " + repeats + " repeated");
        } finally {
            workers.forEach(NodeProcess::close);
            queues.forEach(NodeProcess::close);
        }
    }

    /** One run's counts and rate. */
    record Pushed(long acked, long refused, long received, double seconds) {
        double rate() {
            return received / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "chain: %d messages acknowledged, %d refused or unanswered, %d came out"
                    + " in %.2f s: %.0f messages/s", acked, refused, received, seconds, rate());
        }
    }

    /** Writes {@code copies} PUTs of {@code message} into one batch, for {@code MqClient.send}. */
    static Consumer<RequestWriter> puts(byte[] message, int copies) {
        return batch -> {
            for (int i = 0; i < copies; i++) {
                batch.put(message);
            }
        };
    }

    private Pushed push(InetSocketAddress in, InetSocketAddress out, int n) throws IOException {
        AtomicLong acked = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong producerDone = new AtomicLong();
        byte[] message = "m".repeat(100).getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        Thread producer = new Thread(() -> {
            try (MqClient client = MqClient.connect(in, MqClient.Options.defaults().timeout(timeout))) {
                int sent = 0;
                while (sent < n) {
                    int k = Math.min(PUTS_PER_DATAGRAM, n - sent);
                    try {
                        List<Reply> replies = client.send(puts(message, k), any -> true);
                        for (Reply r : replies) {
                            if (r.isError()) {
                                refused.incrementAndGet();
                            } else {
                                acked.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        refused.addAndGet(k); // no reply: stored or not, it is not counted as sent
                    }
                    sent += k;
                }
            } catch (IOException e) {
                refused.addAndGet(n);
            } finally {
                producerDone.set(1);
            }
        }, "bench-chain-producer");
        producer.setDaemon(true);
        producer.start();
        long received = 0;
        long last = start;
        try (MqClient client = MqClient.connect(out, MqClient.Options.defaults().timeout(Duration.ofSeconds(1)))) {
            long idleSince = System.nanoTime();
            while (true) {
                List<byte[]> got;
                try {
                    got = client.get(256, Duration.ofMillis(50));
                } catch (IOException e) {
                    got = List.of();
                }
                long now = System.nanoTime();
                if (!got.isEmpty()) {
                    received += got.size();
                    last = now;
                    idleSince = now;
                }
                boolean done = producerDone.get() == 1;
                if (done && received >= acked.get()) {
                    break;
                }
                if (done && now - idleSince > Duration.ofSeconds(3).toNanos()) {
                    break; // nothing more came for 3 s: the rest is lost
                }
            }
        }
        try {
            producer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Pushed(acked.get(), refused.get(), received, (last - start) / 1e9);
    }
}

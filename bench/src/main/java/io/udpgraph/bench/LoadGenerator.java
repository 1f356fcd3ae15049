package io.udpgraph.bench;

import io.udpgraph.protocol.ReplyReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * A UDP load generator on one thread: {@code clients} sockets, each connected to the target. In closed loop
 * (rate 0) each client keeps exactly one request outstanding and sends the next as soon as the reply comes;
 * in open loop requests leave at a fixed total rate, round robin over the clients, whatever the replies do,
 * and latency is measured from when each request was due (so a stalled server cannot hide its stall).
 *
 * <p>A request unanswered after the timeout is counted as a timeout; in closed loop its client then moves to
 * a fresh socket, so a late reply can never be taken for the answer to a later request. Replies carry no
 * request id, so in open loop a reply is matched to its client's oldest outstanding request.
 *
 * <p>Not thread-safe: one {@link #run} at a time per instance; any number of instances may run in parallel.
 */
public final class LoadGenerator {
    /** How long a request may wait for its reply unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    private static final int OPEN_LOOP_WINDOW = 4096;

    /**
     * One run's settings.
     *
     * @param target   where the requests go
     * @param workload what each client sends
     * @param clients  concurrent clients (sockets), 1 or more
     * @param warmup   how long to run before measuring (nothing of it is counted)
     * @param duration the measured window
     * @param timeout  how long a request may wait for its reply
     * @param rate     open loop: requests per second over all clients; 0 for closed loop
     */
    public record Options(InetSocketAddress target, Workload workload, int clients, Duration warmup,
                          Duration duration, Duration timeout, double rate) {
        public Options {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(workload, "workload");
            if (clients < 1 || clients > 10_000) {
                throw new IllegalArgumentException("clients must be 1-10000, got " + clients);
            }
            if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("warmup must be >= 0 and duration > 0, got " + warmup + " and " + duration);
            }
            if (timeout.toMillis() < 1) {
                throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
            }
            if (rate < 0) {
                throw new IllegalArgumentException("rate must be 0 (closed loop) or more, got " + rate);
            }
        }

        /** Closed loop, one client, no warmup, one second, the default timeout. */
        public static Options closedLoop(InetSocketAddress target, Workload workload) {
            return new Options(target, workload, 1, Duration.ZERO, Duration.ofSeconds(1), DEFAULT_TIMEOUT, 0);
        }

        public Options clients(int v) {
            return new Options(target, workload, v, warmup, duration, timeout, rate);
        }

        public Options warmup(Duration v) {
            return new Options(target, workload, clients, v, duration, timeout, rate);
        }

        public Options duration(Duration v) {
            return new Options(target, workload, clients, warmup, v, timeout, rate);
        }

        public Options timeout(Duration v) {
            return new Options(target, workload, clients, warmup, duration, v, rate);
        }

        public Options rate(double v) {
            return new Options(target, workload, clients, warmup, duration, timeout, v);
        }
    }

    private final Options options;
    private final byte[][] requests;
    private final ByteBuffer[] requestBuffers;
    private final ByteBuffer in = ByteBuffer.allocateDirect(65_536);
    private final ReplyReader replies = new ReplyReader();
    private final Histogram latency = new Histogram(1, Duration.ofSeconds(60).toNanos(), 3);
    private final boolean openLoop;
    private Selector selector;
    private Client[] clients;
    private boolean measuring;
    private long ops;
    private long messages;
    private long errors;
    private long empty;
    private long timeouts;

    private LoadGenerator(Options options) {
        this.options = options;
        this.requests = options.workload().requests();
        this.requestBuffers = new ByteBuffer[requests.length];
        for (int i = 0; i < requests.length; i++) {
            requestBuffers[i] = ByteBuffer.allocateDirect(requests[i].length).put(requests[i]).flip();
        }
        this.openLoop = options.rate() > 0;
    }

    /** Runs the warmup and then the measured window, and returns what the window measured. */
    public static LoadResult run(Options options) throws IOException {
        return new LoadGenerator(options).run();
    }

    /** One socket and its outstanding requests, oldest first: a ring of due times and request indexes. */
    private final class Client {
        DatagramChannel channel;
        final long[] due;
        final int[] kind;
        int head;
        int size;
        int next;

        Client(int window) throws IOException {
            due = new long[window];
            kind = new int[window];
            open();
        }

        void open() throws IOException {
            channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(new InetSocketAddress(options.target().getAddress(), 0));
            channel.connect(options.target());
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
        }

        void reopen() throws IOException {
            channel.close();
            head = 0;
            size = 0;
            open();
        }

        boolean send(long dueNanos) throws IOException {
            if (size == due.length) {
                return false;
            }
            int k = next;
            next = (next + 1) % requests.length;
            ByteBuffer b = requestBuffers[k];
            b.rewind();
            channel.write(b);
            int slot = (head + size) % due.length;
            due[slot] = dueNanos;
            kind[slot] = k;
            size++;
            return true;
        }

        int popKind() {
            int k = kind[head];
            head = (head + 1) % due.length;
            size--;
            return k;
        }
    }

    private LoadResult run() throws IOException {
        selector = Selector.open();
        clients = new Client[options.clients()];
        try {
            for (int i = 0; i < clients.length; i++) {
                clients[i] = new Client(openLoop ? OPEN_LOOP_WINDOW : 1);
            }
            long start = System.nanoTime();
            long warmupEnd = start + options.warmup().toNanos();
            long end = warmupEnd + options.duration().toNanos();
            if (openLoop) {
                openLoop(start, warmupEnd, end);
            } else {
                closedLoop(start, warmupEnd, end);
            }
            long inFlight = 0;
            for (Client c : clients) {
                inFlight += c.size;
            }
            return new LoadResult(options.workload(), clients.length, options.rate(), end - warmupEnd, ops, messages,
                    errors, empty, timeouts, inFlight, latency);
        } finally {
            if (clients != null) {
                for (Client c : clients) {
                    if (c != null) {
                        c.channel.close();
                    }
                }
            }
            selector.close();
        }
    }

    private void closedLoop(long start, long warmupEnd, long end) throws IOException {
        long now = start;
        for (Client c : clients) {
            c.send(now);
        }
        long timeoutNanos = options.timeout().toNanos();
        long nextTimeoutCheck = now + Math.min(timeoutNanos, 1_000_000);
        while (now < end) {
            if (!measuring && now >= warmupEnd) {
                startMeasuring();
            }
            // Blocking, not spinning: on two cores a spinning generator starves the server it measures.
            long waitMillis = Math.max(1, Math.min((end - now) / 1_000_000, 5));
            selector.select(this::onReadable, waitMillis);
            now = System.nanoTime();
            if (now >= nextTimeoutCheck) {
                for (Client c : clients) {
                    if (c.size > 0 && now - c.due[c.head] >= timeoutNanos) {
                        if (measuring) {
                            timeouts++;
                        }
                        c.reopen();
                        c.send(now);
                    }
                }
                nextTimeoutCheck = now + Math.min(timeoutNanos, 1_000_000);
            }
        }
    }

    private void openLoop(long start, long warmupEnd, long end) throws IOException {
        double interval = 1e9 / options.rate();
        long sent = 0;
        long timeoutNanos = options.timeout().toNanos();
        long now = start;
        long nextTimeoutCheck = now + 1_000_000;
        int turn = 0;
        while (now < end) {
            if (!measuring && now >= warmupEnd) {
                startMeasuring();
            }
            long due = start + (long) (sent * interval);
            while (due <= now && due < end) {
                Client c = clients[turn];
                turn = (turn + 1) % clients.length;
                if (!c.send(due) && measuring) {
                    // The client's window of outstanding requests is full: the server is far behind the rate.
                    timeouts++;
                }
                sent++;
                due = start + (long) (sent * interval);
            }
            long untilDue = due - now;
            if (untilDue > 2_000_000) {
                selector.select(this::onReadable, untilDue / 1_000_000 - 1);
            } else {
                selector.selectNow(this::onReadable);
            }
            now = System.nanoTime();
            if (now >= nextTimeoutCheck) {
                for (Client c : clients) {
                    while (c.size > 0 && now - c.due[c.head] >= timeoutNanos) {
                        c.popKind();
                        if (measuring) {
                            timeouts++;
                        }
                    }
                }
                nextTimeoutCheck = now + 1_000_000;
            }
        }
    }

    private void startMeasuring() {
        measuring = true;
        ops = 0;
        messages = 0;
        errors = 0;
        empty = 0;
        timeouts = 0;
        latency.reset();
    }

    private void onReadable(SelectionKey key) {
        Client c = (Client) key.attachment();
        try {
            while (true) {
                in.clear();
                int n;
                try {
                    n = c.channel.read(in);
                } catch (PortUnreachableException e) {
                    // Nobody listens at the target; the request stays outstanding and times out.
                    return;
                }
                if (n <= 0) {
                    return;
                }
                long now = System.nanoTime();
                if (c.size == 0) {
                    continue; // a reply to a request already counted as timed out
                }
                long due = c.due[c.head];
                int kind = c.popKind();
                in.flip();
                if (measuring) {
                    ops++;
                    latency.recordValue(Math.max(1, now - due));
                    classify(kind);
                }
                if (!openLoop) {
                    c.send(now);
                }
            }
        } catch (IOException e) {
            errors++;
        }
    }

    /** Counts the messages a reply moved, or the error or empty queue it reports. */
    private void classify(int kind) {
        if (options.workload().kind() == Workload.Kind.ECHO) {
            if (in.remaining() == requests[0].length) {
                messages++;
            } else {
                errors++;
            }
            return;
        }
        if (!replies.reset(in, false)) {
            errors++;
            return;
        }
        boolean put = kind == 0;
        int frames = replies.frames();
        for (int i = 0; i < frames; i++) {
            if (replies.isError(i)) {
                errors++;
            } else if (!put && frames == 1 && replies.isEmpty(i)) {
                empty++;
            } else {
                messages++;
            }
        }
    }
}

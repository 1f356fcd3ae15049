package io.udpgraph.mq;

import java.util.concurrent.DelayQueue;
import java.util.logging.Logger;

/** A queue node's request path on an in-memory store, without sockets or threads, for tests that drive it directly. */
final class InMemoryRequestPath {
    final QueueMetrics metrics;
    final RequestHandler handler;

    InMemoryRequestPath(QueueConfig config, String name, LeaseTokens tokens) {
        DelayQueue<Deadline> deadlines = new DelayQueue<>();
        OnceLog failures = new OnceLog(Logger.getLogger(name), name + ": ");
        QueueStore store = new QueueStore(config, deadlines, m -> { }, e -> { });
        metrics = new QueueMetrics(config.registry(), name, store);
        Delivery delivery = new Delivery(store, metrics, tokens);
        SourceGate gate = new SourceGate(SourcePolicy.embedded(), metrics);
        LongPolls polls = new LongPolls(delivery, store, metrics, deadlines, failures, gate);
        handler = new RequestHandler(store, delivery, polls, metrics, failures, config.maxMessageBytes(),
                gate.minLeaseNanos());
    }
}

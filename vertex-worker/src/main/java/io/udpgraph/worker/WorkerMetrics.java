package io.udpgraph.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's meters (tag {@code node=<name>}) and the plain counts behind {@link WorkerStats}. Updated
 * by the worker's thread; read from any thread.
 */
final class WorkerMetrics {
    final AtomicLong messagesIn = new AtomicLong();
    final AtomicLong resultsOut = new AtomicLong();
    final AtomicLong functionErrors = new AtomicLong();
    final AtomicLong resultsLost = new AtomicLong();
    final AtomicLong publishRetries = new AtomicLong();
    final AtomicLong inputErrors = new AtomicLong();
    final AtomicLong idlePolls = new AtomicLong();
    final AtomicLong execRestarts = new AtomicLong();

    private final Counter messagesInCounter;
    private final Counter resultsOutCounter;
    private final Counter resultsLostCounter;
    private final Counter publishRetriesCounter;
    private final Counter inputErrorsCounter;
    private final Counter idlePollsCounter;
    private final Counter execRestartsCounter;
    private final Timer processing;
    private final MeterRegistry registry;
    private final Tags tags;

    WorkerMetrics(MeterRegistry registry, String name) {
        this.registry = registry;
        this.tags = Tags.of("node", name);
        messagesInCounter = Counter.builder("worker.messages.in").tags(tags)
                .description("inputs the function was applied to").register(registry);
        resultsOutCounter = Counter.builder("worker.results.out").tags(tags)
                .description("results published and acknowledged (or sent to a raw UDP sink)").register(registry);
        resultsLostCounter = Counter.builder("worker.results.lost").tags(tags)
                .description("results given up on: unacknowledged at-most-once PUTs, or refused for good")
                .register(registry);
        publishRetriesCounter = Counter.builder("worker.publish.retries").tags(tags)
                .description("PUT datagrams sent again after a timeout or a refusal").register(registry);
        inputErrorsCounter = Counter.builder("worker.input.errors").tags(tags)
                .description("GET, LEASE or ACK requests that failed").register(registry);
        idlePollsCounter = Counter.builder("worker.idle.polls").tags(tags)
                .description("GET or LEASE requests that found nothing").register(registry);
        execRestartsCounter = Counter.builder("worker.exec.restarts").tags(tags)
                .description("restarts of the --exec child process").register(registry);
        processing = Timer.builder("worker.processing.time").tags(tags)
                .description("time the function took per input")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        // registered up front so a dashboard sees the series at zero before the first error
        functionErrorCounter("none");
    }

    void messageIn(long nanos) {
        messagesIn.incrementAndGet();
        messagesInCounter.increment();
        processing.record(nanos, TimeUnit.NANOSECONDS);
    }

    void resultsOut(int n) {
        resultsOut.addAndGet(n);
        resultsOutCounter.increment(n);
    }

    void resultsLost(int n) {
        resultsLost.addAndGet(n);
        resultsLostCounter.increment(n);
    }

    void publishRetry() {
        publishRetries.incrementAndGet();
        publishRetriesCounter.increment();
    }

    void inputError() {
        inputErrors.incrementAndGet();
        inputErrorsCounter.increment();
    }

    void idlePoll() {
        idlePolls.incrementAndGet();
        idlePollsCounter.increment();
    }

    void execRestart() {
        execRestarts.incrementAndGet();
        execRestartsCounter.increment();
    }

    /** Counts one function error of the given kind (exception class), tagged {@code kind=<kind>}. */
    void functionError(String kind) {
        functionErrors.incrementAndGet();
        functionErrorCounter(kind).increment();
    }

    private Counter functionErrorCounter(String kind) {
        return Counter.builder("worker.function.errors").tags(tags).tag("kind", kind)
                .description("inputs the function failed on, by exception kind").register(registry);
    }

    WorkerStats snapshot() {
        return new WorkerStats(messagesIn.get(), resultsOut.get(), functionErrors.get(), resultsLost.get(),
                publishRetries.get(), inputErrors.get(), idlePolls.get(), execRestarts.get());
    }
}

package io.udpgraph.worker;

/**
 * What a worker has done so far, as counted by the worker itself (its meters say the same to Prometheus).
 *
 * @param messagesIn      inputs the function was applied to (a redelivered input counts again)
 * @param resultsOut      results a node acknowledged, or sent to a raw UDP sink
 * @param functionErrors  inputs the function failed on (each counted, logged and maybe forwarded)
 * @param resultsLost     results given up on: at-most-once PUTs without a reply, or refused for good
 * @param publishRetries  PUT datagrams sent again after a timeout or a refusal
 * @param inputErrors     GET, LEASE or ACK requests that failed (timeout, unreachable node, refusal)
 * @param idlePolls       GET or LEASE requests that found nothing
 * @param execRestarts    restarts of the {@code --exec} child
 */
public record WorkerStats(long messagesIn, long resultsOut, long functionErrors, long resultsLost,
                          long publishRetries, long inputErrors, long idlePolls, long execRestarts) {

    /** One line for logs and the command's final report. */
    public String summary() {
        return "processed " + messagesIn + " messages, published " + resultsOut + " results, " + functionErrors
                + " function errors, " + resultsLost + " results lost, " + publishRetries + " publish retries, "
                + inputErrors + " input errors, " + execRestarts + " exec restarts";
    }
}

package io.udpgraph.worker;

import io.udpgraph.protocol.Frames;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a function in any language as one long-lived child process (the {@code --exec} protocol of
 * docs/PROTOCOL.md): for each input it writes one LHHTTT frame to the child's stdin and reads result
 * frames from its stdout until the single byte {@code 0}; a result may carry a routing key, and an
 * answer may say the function raised, which is a function error while the child goes on. The inputs of
 * a poll may be written ahead of their answers ({@link #lookahead}). A child that exits is restarted with a
 * doubling delay, logged and counted; the input in hand is offered to the new child once, and if that
 * one dies too the input fails as a function error. The child's stderr goes to the worker's stderr.
 * Called from the worker's thread only; {@link #close()} may come from another.
 */
final class ExecFunction implements VertexFunction, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ExecFunction.class.getName());
    static final long FIRST_RESTART_DELAY_MS = 50;
    static final long MAX_RESTART_DELAY_MS = 5_000;

    /** Input bytes written ahead of the answers read, kept under a Linux pipe's 64 KiB buffer. */
    static final int WRITE_AHEAD_BYTES = 16 * 1024;

    private final List<String> command;
    private final ResultBuffer answer = new ResultBuffer();
    private final ArrayDeque<String> inFlight = new ArrayDeque<>();
    private List<String> ahead = List.of();
    private int aheadNext;
    private final Runnable onRestart;
    private Process process;
    private ExecAnswerReader fromChild;
    private OutputStream toChild;
    private long restartDelayMs;
    private long starts;
    private volatile boolean closed;

    /** Starts the child now, so a command that cannot run fails the worker's start. */
    ExecFunction(List<String> command, Runnable onRestart) throws IOException {
        this.command = List.copyOf(command);
        this.onRestart = onRestart;
        start();
    }

    @Override
    public String name() {
        return "exec";
    }

    @Override
    public String description() {
        return "exec " + String.join(" ", command);
    }

    /** The running child's process id, or -1 when none is running (for tests and logs). */
    synchronized long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    /**
     * Tells the function which inputs the worker will apply next, in order, so that up to
     * {@link #WRITE_AHEAD_BYTES} of their frames go to the child in one write: the child answers them
     * in turn and the pipe is crossed once per batch, not once per input. Only a hint: inputs applied
     * out of this order are written one at a time.
     */
    void lookahead(List<String> next) {
        ahead = next;
        aheadNext = 0;
    }

    @Override
    public void apply(String input, Emitter out) throws Exception {
        for (int attempt = 1; ; attempt++) {
            if (process == null) {
                restartAfterDelay();
            }
            try {
                String error = exchange(input);
                restartDelayMs = 0;
                if (error != null) {
                    throw new ExecFunctionException(error);
                }
                for (int i = 0; i < answer.size(); i++) {
                    Object key = answer.routingKey(i);
                    if (key instanceof Long n && out instanceof ResultBuffer buffer) {
                        buffer.emit((long) n, answer.result(i));
                    } else {
                        out.emit(answer.key(i), answer.result(i));
                    }
                }
                return;
            } catch (ExecProtocolException e) {
                stopChild();
                throw e;
            } catch (IOException e) {
                if (closed) {
                    throw new IOException("the worker is stopping; the exec child was closed", e);
                }
                String exit = stopChild();
                LOG.warning("exec child '" + String.join(" ", command) + "' " + exit + " while handling '"
                        + ErrorLog.shorten(input) + "' (" + e.getMessage() + "); restarting it");
                if (attempt >= 2) {
                    throw new ExecChildDiedException("the exec child died twice on this input, so it is skipped: "
                            + exit);
                }
            }
        }
    }

    /** Reads the answer to {@code input} into {@link #answer}, writing it (and inputs after it) first if need be. */
    private String exchange(String input) throws IOException {
        if (inFlight.peekFirst() != input) {
            // answers to inputs written ahead that the worker did not apply after all (it is stopping)
            while (!inFlight.isEmpty()) {
                inFlight.removeFirst();
                answer.clear();
                fromChild.readAnswer(answer);
            }
            writeAhead(input);
        }
        inFlight.removeFirst();
        answer.clear();
        return fromChild.readAnswer(answer);
    }

    private void writeAhead(String input) throws IOException {
        byte[] frame = Frames.encode(input);
        toChild.write(frame);
        inFlight.addLast(input);
        int written = frame.length;
        int at = positionAhead(input);
        if (at >= 0) {
            aheadNext = at + 1;
            // below a pipe's 64 KiB, so this write never waits for the child while it waits for us
            while (aheadNext < ahead.size() && written < WRITE_AHEAD_BYTES) {
                String next = ahead.get(aheadNext++);
                frame = Frames.encode(next);
                toChild.write(frame);
                inFlight.addLast(next);
                written += frame.length;
            }
        }
        toChild.flush();
    }

    /** Where {@code input} is among the inputs ahead: after the last written, or earlier after a restart. */
    private int positionAhead(String input) {
        for (int i = aheadNext; i < ahead.size(); i++) {
            if (ahead.get(i) == input) {
                return i;
            }
        }
        for (int i = 0; i < Math.min(aheadNext, ahead.size()); i++) {
            if (ahead.get(i) == input) {
                return i;
            }
        }
        return -1;
    }

    private void restartAfterDelay() throws IOException {
        long delay = restartDelayMs == 0 ? FIRST_RESTART_DELAY_MS : restartDelayMs;
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        while (!closed && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.max(1, Math.min(20, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (closed) {
            throw new IOException("the worker is stopping; the exec child is not restarted");
        }
        restartDelayMs = Math.min(MAX_RESTART_DELAY_MS, delay * 2);
        onRestart.run();
        start();
    }

    private synchronized void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            process = pb.start();
        } catch (IOException e) {
            process = null;
            throw new IOException("cannot start the --exec command '" + String.join(" ", command) + "': "
                    + e.getMessage() + " (check that the program exists and is executable)", e);
        }
        starts++;
        fromChild = new ExecAnswerReader(process.getInputStream());
        toChild = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        if (starts > 1) {
            LOG.info("exec child restarted (pid " + process.pid() + ", start " + starts + ")");
        } else {
            LOG.fine("exec child started (pid " + process.pid() + ")");
        }
    }

    /** Stops the child and says how it ended, e.g. "exited with code 1" or "was killed by signal 9". */
    private synchronized String stopChild() {
        Process p = process;
        process = null;
        inFlight.clear();
        if (p == null) {
            return "was not running";
        }
        try {
            toChild.close();
        } catch (IOException e) {
            // the pipe is already broken: the child is gone or going
        }
        try {
            if (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                p.destroy();
                if (!p.waitFor(300, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(500, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        try {
            p.getInputStream().close();
        } catch (IOException e) {
            // nothing more to read from a stopped child
        }
        if (p.isAlive()) {
            return "did not stop";
        }
        int code = p.exitValue();
        return code > 128 ? "was killed by signal " + (code - 128) : "exited with code " + code;
    }

    /** Closes the child's stdin (a well-behaved child exits on it), then ends it if it lingers. */
    @Override
    public void close() {
        closed = true;
        stopChild();
    }

    /** The exec child broke the protocol (not a frame, bad size, bad UTF-8); it is restarted. */
    static final class ExecProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        ExecProtocolException(String message) {
            super(message);
        }
    }

    /** The function raised on this input and the child said so; the child goes on with the next. */
    static final class ExecFunctionException extends Exception {
        private static final long serialVersionUID = 1L;

        ExecFunctionException(String message) {
            super(message);
        }
    }

    /** The exec child died on the same input twice; the input is skipped as a function error. */
    static final class ExecChildDiedException extends IOException {
        private static final long serialVersionUID = 1L;

        ExecChildDiedException(String message) {
            super(message);
        }
    }
}

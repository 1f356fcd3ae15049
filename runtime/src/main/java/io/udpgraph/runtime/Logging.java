package io.udpgraph.runtime;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One-line logs on stderr through java.util.logging, set from a command's {@code --log-level}. */
public final class Logging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /**
     * The project's logger, held here: the log manager keeps loggers only weakly, so one whose level was set but
     * that no class holds is collected at the first garbage collection (early with a small heap) and comes back
     * at the default level, and every line below WARNING disappears.
     */
    private static Logger project;

    private Logging() {
    }

    /** Sends every udpgraph logger's records at {@code level} and above to stderr, one line each. */
    public static void configure(LogLevel level) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new OneLine());
        root.addHandler(handler);
        root.setLevel(Level.WARNING);
        project = Logger.getLogger("io.udpgraph");
        project.setLevel(level.julLevel());
    }

    /** The levels a user chooses from, in the words they expect. */
    public enum LogLevel {
        ERROR(Level.SEVERE), WARN(Level.WARNING), INFO(Level.INFO), DEBUG(Level.FINE), TRACE(Level.FINEST);

        private final Level jul;

        LogLevel(Level jul) {
            this.jul = jul;
        }

        Level julLevel() {
            return jul;
        }
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            String name = r.getLoggerName() == null ? "" : r.getLoggerName();
            int dot = name.lastIndexOf('.');
            String level = switch (r.getLevel().getName()) {
                case "SEVERE" -> "ERROR";
                case "WARNING" -> "WARN";
                case "FINE", "FINER" -> "DEBUG";
                case "FINEST" -> "TRACE";
                default -> r.getLevel().getName();
            };
            StringBuilder sb = new StringBuilder(128)
                    .append(LocalTime.now().format(TIME)).append(' ')
                    .append(level.toLowerCase(Locale.ROOT)).append(' ')
                    .append(dot < 0 ? name : name.substring(dot + 1)).append(": ")
                    .append(formatMessage(r)).append(System.lineSeparator());
            if (r.getThrown() != null) {
                sb.append("  caused by ").append(r.getThrown()).append(System.lineSeparator());
            }
            return sb.toString();
        }
    }
}

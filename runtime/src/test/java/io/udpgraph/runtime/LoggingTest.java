package io.udpgraph.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LoggingTest {

    @Test
    void theChosenLevelOutlivesGarbageCollections() {
        Logging.configure(Logging.LogLevel.TRACE);
        for (int i = 0; i < 5; i++) {
            System.gc(); // the log manager holds loggers weakly: an unheld, configured one would go here
        }
        // a logger asked for only now inherits from its parents, as a class's first LOG does after a collection
        Logger late = Logger.getLogger("io.udpgraph.logging.test." + System.nanoTime());
        assertTrue(late.isLoggable(Level.FINEST), "io.udpgraph loggers still take trace after a collection");
        Logging.configure(Logging.LogLevel.INFO);
    }
}

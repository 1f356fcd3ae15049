package io.udpgraph.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommandTest {

    @Test
    void verbIsTheTextBeforeTheFirstColon() {
        Command c = Command.parse("PUT:Lorem Ipsum");
        assertEquals(Verb.PUT, c.verb());
        assertEquals("Lorem Ipsum", c.argumentText());
    }

    @Test
    void argumentKeepsEveryLaterColon() {
        assertEquals("a:b", Command.parse("PUT:a:b").argumentText());
    }

    @Test
    void getWithAnArgumentIsStillAGet() {
        Command c = Command.parse("GET:x");
        assertEquals(Verb.GET, c.verb());
        assertEquals("x", c.argumentText());
    }

    @Test
    void putAloneHasAnEmptyArgument() {
        Command c = Command.parse("PUT");
        assertEquals(Verb.PUT, c.verb());
        assertEquals(0, c.argument().remaining());
    }

    @Test
    void verbsAreMatchedExactlyAndCaseSensitively() {
        Command c = Command.parse("get");
        assertEquals(Verb.UNKNOWN, c.verb());
        assertEquals("get", c.verbText());
    }

    @Test
    void everyExtensionVerbIsRecognised() {
        for (String verb : new String[] {"PUTID", "LEASE", "ACK", "NACK", "STATS"}) {
            assertEquals(Verb.valueOf(verb), Command.parse(verb + ":1").verb());
        }
    }

    @Test
    void argumentIsAReadOnlyView() {
        assertTrue(Command.parse("PUT:abc").argument().isReadOnly());
    }

    @Test
    void unknownVerbKeepsItsTextForTheErrorMessage() {
        assertEquals("PING", Command.parse("PING:1").verbText());
    }
}

package io.udpgraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The "did you mean" helper, as every message about a misspelt name uses it. */
class SuggestionsTest {

    private static final List<String> KEYS = List.of("batch", "function", "inputs", "outputs", "replicas", "route");

    @Test
    void aMissingLetterSuggestsTheWord() {
        assertEquals(Optional.of("replicas"), Suggestions.nearest("replica", KEYS));
    }

    @Test
    void twoSwappedNeighboursCountAsOneEdit() {
        assertEquals(Optional.of("route"), Suggestions.nearest("rotue", KEYS));
    }

    @Test
    void caseIsIgnored() {
        assertEquals(Optional.of("inputs"), Suggestions.nearest("Inputs", KEYS));
    }

    @Test
    void aWordFarFromEveryCandidateSuggestsNothing() {
        assertEquals(Optional.empty(), Suggestions.nearest("shout", KEYS));
    }

    @Test
    void aOneLetterNameIsTooShortToGuess() {
        assertEquals(Optional.empty(), Suggestions.nearest("c", List.of("a", "b")));
    }

    @Test
    void theNearestCandidateWinsOverAnEarlierOneFurtherAway() {
        assertEquals(Optional.of("queue-2"), Suggestions.nearest("queue_2", List.of("queue-1x", "queue-2")));
    }

    @Test
    void aTieGoesToTheCandidateListedFirst() {
        assertEquals(Optional.of("out-a"), Suggestions.nearest("out-c", List.of("out-a", "out-b")));
    }

    @Test
    void theCandidateWrittenExactlyIsNotSuggested() {
        assertEquals(Optional.empty(), Suggestions.nearest("route", List.of("route")));
    }

    @Test
    void didYouMeanIsReadyToAppendToAMessage() {
        assertEquals(" (did you mean outputs?)", Suggestions.didYouMean("ouptuts", KEYS));
        assertEquals("", Suggestions.didYouMean("zzz", KEYS));
    }
}

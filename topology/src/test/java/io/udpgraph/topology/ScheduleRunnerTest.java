package io.udpgraph.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.udpgraph.router.FaultSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each step kind and its undo, applied by the runner to a graph that only records the calls: no threads. */
class ScheduleRunnerTest {

    /** Records every call; fault ids count from 10 so a test sees which id a step used. */
    private static final class Recorder implements GraphControl {
        final List<String> calls = new ArrayList<>();
        long nextId = 10;

        final List<String> notes = new ArrayList<>();

        @Override
        public List<NodeState> nodes() {
            return List.of(new NodeState("a", "queue", "", "running"), new NodeState("r-b", "router", "", "running"));
        }

        @Override
        public void note(String router, String text) {
            notes.add(router + ": " + text);
        }

        @Override
        public void kill(String node) {
            calls.add("kill " + node);
        }

        @Override
        public void stop(String node) {
            calls.add("stop " + node);
        }

        @Override
        public void restart(String node) {
            calls.add("restart " + node);
        }

        @Override
        public void pause(String worker) {
            calls.add("pause " + worker);
        }

        @Override
        public void resume(String worker) {
            calls.add("resume " + worker);
        }

        @Override
        public long addFault(String router, FaultSpec spec) {
            calls.add("add " + router + " " + spec.option() + " = " + nextId);
            return nextId++;
        }

        @Override
        public FaultSpec changeFault(String router, long id, FaultSpec spec) {
            calls.add("change " + router + " " + id + " " + spec.option());
            return FaultSpec.parse("drop", "1%");
        }

        @Override
        public FaultSpec removeFault(String router, long id) {
            if (id == 99) {
                throw new IllegalArgumentException("router " + router + " has no fault 99");
            }
            calls.add("remove " + router + " " + id);
            return FaultSpec.parse("duplicate", "5%");
        }

        @Override
        public List<String> faults(String router) {
            return List.of();
        }
    }

    private static final String GRAPH = """
            queues: {a: {}, b: {}}
            workers:
              up: {function: upper, inputs: [a], outputs: [b], replicas: 2}
            routers:
              r-b: {queue: b, faults: [drop 1%]}
            sources: {gen: {to: a, generator: {count: 1}}}
            sinks: {out: {from: b}}
            schedule:
            """;

    /** Runs every step of the file's schedule in order, the clock at each step's time. */
    private static Recorder run(String steps, List<TimelineMark> marks) throws Exception {
        Schedule s = TopologyFile.parse("t.yaml", GRAPH + steps, Path.of(".")).schedule();
        Recorder g = new Recorder();
        AtomicLong now = new AtomicLong();
        ScheduleRunner runner = new ScheduleRunner(s, g, 0, now::get, marks::add);
        for (Schedule.Step step : s.steps()) {
            now.set(step.at().toNanos());
            runner.step(step);
        }
        return g;
    }

    @Test
    void aPartitionAddsADropOfEverythingAndItsEndRemovesThatFault() throws Exception {
        List<TimelineMark> marks = new ArrayList<>();
        Recorder g = run("  - {at: 1s, partition: r-b, for: 2s}\n", marks);
        assertEquals(List.of("add r-b --drop 100% = 10", "remove r-b 10"), g.calls);
        assertEquals(List.of(new TimelineMark(1000, "partition r-b for 2s = fault #10"),
                new TimelineMark(3000, "heal r-b (undoes step 1) = removed [#10]")), marks);
    }

    @Test
    void everyStepIsNotedInTheEventLogOfEveryRunningRouter() throws Exception {
        Recorder g = run("  - {at: 1500ms, kill: a}\n", new ArrayList<>());
        assertEquals(List.of("r-b: schedule 1.500s kill a"), g.notes);
    }

    @Test
    void aWrittenHealRemovesEveryPartitionOfItsRouter() throws Exception {
        Recorder g = run("  - {at: 1s, partition: r-b}\n  - {at: 2s, partition: r-b}\n  - {at: 3s, heal: r-b}\n",
                new ArrayList<>());
        assertEquals(List.of("add r-b --drop 100% = 10", "add r-b --drop 100% = 11", "remove r-b 10", "remove r-b 11"),
                g.calls);
    }

    @Test
    void anAddedFaultIsRemovedByTheIdItGot() throws Exception {
        Recorder g = run("  - {at: 0s, fault: r-b delay 5ms, for: 1s}\n", new ArrayList<>());
        assertEquals(List.of("add r-b --delay 5ms = 10", "remove r-b 10"), g.calls);
    }

    @Test
    void aChangeIsUndoneToTheFaultItReplaced() throws Exception {
        Recorder g = run("  - {at: 0s, change: r-b 1 drop 50%, for: 1s}\n", new ArrayList<>());
        assertEquals(List.of("change r-b 1 --drop 50%", "change r-b 1 --drop 1%"), g.calls);
    }

    @Test
    void aRemovedFaultComesBackAsItWas() throws Exception {
        Recorder g = run("  - {at: 0s, remove: r-b 1, for: 1s}\n", new ArrayList<>());
        assertEquals(List.of("remove r-b 1", "add r-b --duplicate 5%:2 = 10"), g.calls);
    }

    @Test
    void killStopAndPauseAreUndoneByRestartAndResume() throws Exception {
        Recorder g = run("""
                  - {at: 0s, kill: a, for: 1s}
                  - {at: 0s, stop: "up#1", for: 1s}
                  - {at: 0s, pause: "up#2", for: 1s}
                  - {at: 2s, kill: r-b}
                  - {at: 3s, restart: r-b}
                """, new ArrayList<>());
        assertEquals(List.of("kill a", "stop up#1", "pause up#2", "restart a", "restart up#1", "resume up#2",
                "kill r-b", "restart r-b"), g.calls);
    }

    @Test
    void aStepThatFailsIsMarkedWithItsErrorAndTheScheduleGoesOn() throws Exception {
        List<TimelineMark> marks = new ArrayList<>();
        Recorder g = run("  - {at: 1s, remove: r-b 99}\n  - {at: 2s, kill: a}\n", marks);
        assertEquals(List.of("kill a"), g.calls);
        assertTrue(marks.get(0).label().endsWith("failed: router r-b has no fault 99"), marks.toString());
    }
}

package io.udpgraph.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a report says about the machine it ran on: cores, CPU model, JDK, load average (Linux /proc). */
final class Machine {
    private Machine() {
    }

    /** {@code 2 cores (AMD EPYC), OpenJDK 17.0.15}; parts /proc does not offer are left out. */
    static String describe() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux: the model stays unknown
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    /** The first three fields of /proc/loadavg, or {@code unknown}. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}

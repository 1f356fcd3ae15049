package io.udpgraph.topology;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * The messages a source sends. A generator stamps each one with its source and sequence number and a CRC32C
 * of its filler ({@code s0-000042-1a2b3c4d-qwerty…}, or all digits for number functions such as
 * {@code double}), so every message is distinct and the sink can tell which one a result came from.
 */
final class Messages {

    private Messages() {
    }

    /** Every message of {@code source}, in the order it sends them; stdin is read to its end. */
    static List<String> of(Topology.Source source, int sourceIndex, InputStream stdin) throws IOException {
        List<String> out = new ArrayList<>();
        switch (source.kind()) {
            case GENERATOR -> {
                for (long seq = 0; seq < source.count(); seq++) {
                    out.add(source.format() == Topology.Format.NUMBER ? number(sourceIndex, seq, source.size())
                            : text(sourceIndex, seq, source.size()));
                }
            }
            case MESSAGES -> {
                for (long r = 0; r < source.count(); r++) {
                    out.addAll(source.messages());
                }
            }
            case FILE -> out.addAll(Files.readAllLines(source.file(), StandardCharsets.UTF_8));
            case STDIN -> {
                BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.add(line);
                }
            }
            default -> throw new IllegalStateException(source.kind().toString());
        }
        return out;
    }

    /** {@code s<source>-<seq>-<crc32c of filler>-<filler>}, {@code size} bytes (at least the stamp). */
    static String text(int source, long seq, int size) {
        String head = String.format(Locale.ROOT, "s%d-%06d-", source, seq);
        int fillerLength = Math.max(1, size - head.length() - 9);
        StringBuilder filler = new StringBuilder(fillerLength);
        long x = seq * 0x9E3779B97F4A7C15L + source;
        for (int i = 0; i < fillerLength; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            filler.append((char) ('a' + Math.floorMod(x, 26)));
        }
        return head + crcHex(filler.toString()) + "-" + filler;
    }

    /** {@code 1<source, 2 digits><seq, 9 digits><filler digits>}: a whole number, distinct per message. */
    static String number(int source, long seq, int size) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "1%02d%09d", source % 100, seq));
        long x = seq + 7;
        while (sb.length() < size) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            sb.append((char) ('0' + Math.floorMod(x >>> 33, 10)));
        }
        return sb.toString();
    }

    private static String crcHex(String s) {
        CRC32C crc = new CRC32C();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }
}

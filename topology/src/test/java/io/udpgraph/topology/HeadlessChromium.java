package io.udpgraph.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens a page in headless Chromium (Debian's {@code chromium} package, installed by .ci/run) and returns the
 * DOM as it stands once the page's scripts ran, with a fresh profile that nothing else shares.
 */
final class HeadlessChromium {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    private HeadlessChromium() {
    }

    /** The browser's executable, when one is installed. */
    static Optional<Path> find() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** What the browser printed: the DOM on stdout, its own log on stderr. */
    record Dump(String dom, String log) {
    }

    /** Loads {@code page}, lets its scripts run for up to 5 s of virtual time, and dumps the DOM. */
    static Dump dumpDom(Path browser, Path page, Path profile) throws IOException, InterruptedException {
        Path out = profile.resolveSibling("dom.html");
        Path log = profile.resolveSibling("chromium.log");
        Process p = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1200,900", "--virtual-time-budget=5000",
                "--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString())
                .redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish within 60 s: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Dump(Files.readString(out, StandardCharsets.UTF_8), Files.readString(log, StandardCharsets.UTF_8));
    }
}

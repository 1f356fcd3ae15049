package io.udpgraph.bench;

import io.udpgraph.protocol.HostPort;
import io.udpgraph.runtime.BindOption;
import io.udpgraph.runtime.ExitCodes;
import io.udpgraph.runtime.Shutdown;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench echo}: runs the bare UDP echo (the ceiling) until SIGINT or SIGTERM. */
@Command(name = "echo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a bare UDP echo: the request/reply ceiling on this machine.",
            "One thread, a blocking socket, a direct buffer. Prints 'echo listening on udp HOST:PORT'.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGINT/SIGTERM", "1:could not bind", "2:bad usage"})
final class EchoCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "UDP port; 0 (default) picks a free one.")
    int port;

    @Mixin
    BindOption bind;

    @Override
    public Integer call() throws InterruptedException {
        Shutdown shutdown = Shutdown.install();
        try (EchoServer echo = EchoServer.start(bind.address(), port)) {
            System.out.println("echo listening on udp " + HostPort.of(echo.address()));
            System.out.flush();
            shutdown.awaitSignal();
        } catch (IOException e) {
            System.err.println("echo: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            shutdown.done();
        }
        return ExitCodes.OK;
    }
}

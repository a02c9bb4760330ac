package io.ckbridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of the assembled distribution's bin/ folder as a user would, with standard
 * input, and captures what it prints.
 */
public final class DistCommand {
    private DistCommand() {
    }

    public record Result(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    public static Path home() {
        return Path.of(System.getProperty("bridge.home")).toAbsolutePath();
    }

    public static Result run(String stdin, String script, String... args) {
        return run(stdin, Duration.ofMinutes(3), script, args);
    }

    public static Result run(String stdin, Duration timeout, String script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(home().resolve("bin").resolve(script).toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + " did not finish within " + timeout + "; output so far: "
                        + out.getNow("") + err.getNow(""));
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.ckbridge.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a sandbox keeps things: one folder per server's data, plus conf/, logs/ and run/. */
public record SandboxLayout(Path root) {
    public static final Path DEFAULT_DIR = Path.of(".bridge", "sandbox");

    public SandboxLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path conf() {
        return root.resolve("conf");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path run() {
        return root.resolve("run");
    }

    public Path serverDir(String server) {
        return root.resolve(server);
    }

    public Path logFile(String server) {
        return logs().resolve(server + ".log");
    }

    public Path pidFile(String server) {
        return run().resolve(server + ".pid");
    }

    public Path settingsFile() {
        return root.resolve("sandbox.json");
    }

    void createDirectories() {
        try {
            Files.createDirectories(conf());
            Files.createDirectories(logs());
            Files.createDirectories(run());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the sandbox folder " + root, e);
        }
    }
}

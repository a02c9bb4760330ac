package io.ckbridge.it;

import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A sandbox on free ports in its own folder, stopped when the test run ends or the JVM exits. */
final class SharedSandbox implements AutoCloseable {
    private volatile Sandbox sandbox;
    private final Thread stopOnExit;

    private SharedSandbox(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.stopOnExit = new Thread(() -> this.sandbox.stop(line -> { }), "stop-sandbox");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    static SharedSandbox start(String name, SandboxSettings settings) {
        Path dir = TestDirs.fresh(name);
        Sandbox sandbox = Sandbox.create(dir, settings);
        Instant begin = Instant.now();
        System.out.println("[sandbox] starting " + settings.nodes() + "-node " + (settings.secure() ? "secure " : "")
                + "sandbox in " + dir);
        sandbox.start(line -> System.out.println("[sandbox] " + line));
        System.out.printf("[sandbox] started in %.1f s%n", Duration.between(begin, Instant.now()).toMillis() / 1000.0);
        return new SharedSandbox(sandbox);
    }

    Sandbox sandbox() {
        return sandbox;
    }

    /** Starts a schema registry beside the running servers, as {@code sandbox start --schema-registry} does. */
    void addSchemaRegistry() {
        Sandbox withRegistry = Sandbox.create(sandbox.layout().root(), sandbox.settings().withSchemaRegistry(true));
        Instant begin = Instant.now();
        withRegistry.start(line -> System.out.println("[sandbox] " + line));
        System.out.printf("[sandbox] schema registry added in %.1f s%n",
                Duration.between(begin, Instant.now()).toMillis() / 1000.0);
        sandbox = withRegistry;
    }

    @Override
    public void close() {
        sandbox.stop(line -> System.out.println("[sandbox] " + line));
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway; stopping twice is harmless
        }
    }
}

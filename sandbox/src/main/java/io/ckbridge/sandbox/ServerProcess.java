package io.ckbridge.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One server JVM of the sandbox: its command line, its configuration files, how to tell it is
 * ready, and its pid file. Servers outlive the command that started them, so a server is found
 * again through its pid file and the marker on its command line, never by name alone.
 */
public abstract class ServerProcess {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path SHELL = Path.of("/bin/sh");
    private static final Path OWN_TIMER_SLACK = Path.of("/proc/self/timerslack_ns");
    private static final Path OWN_AUTOGROUP = Path.of("/proc/self/autogroup");
    private static final Path NICE = Path.of("/usr/bin/nice");

    protected final String name;
    protected final SandboxLayout layout;
    protected final SandboxSettings settings;
    /** How this server's clients (and its own probes) reach the sandbox: TLS, logins. */
    protected final SandboxAccess access;

    protected ServerProcess(String name, SandboxLayout layout, SandboxSettings settings) {
        this.name = name;
        this.layout = layout;
        this.settings = settings;
        this.access = new SandboxAccess(layout, settings);
    }

    public String name() {
        return name;
    }

    /** Where clients reach it, e.g. 127.0.0.1:9042. */
    public abstract String address();

    /** Fails with a message naming this server and the option to change when a port is taken. */
    abstract void requirePortsFree();

    /** Writes configuration and does one-time set-up (e.g. formatting storage). */
    abstract void prepare(JavaRuntime java, BridgeHome home);

    abstract List<String> jvmOptions(BridgeHome home);

    /** Extra environment of the JVM (secrets go here, not on the command line). */
    Map<String, String> environment() {
        return Map.of();
    }

    abstract String classpath(BridgeHome home);

    abstract String mainClass();

    abstract List<String> arguments();

    /** True once clients can really use the server (a query answers), not merely once it listens. */
    abstract boolean isReady();

    Duration readyTimeout() {
        return Duration.ofSeconds(120);
    }

    Duration stopTimeout() {
        return Duration.ofSeconds(30);
    }

    /** Linux timer slack of the server's threads in nanoseconds; 0 keeps the system's default (50 us). */
    long timerSlackNanos() {
        return 0;
    }

    /**
     * The server's CPU priority as a nice value (-20 to 19; 0 keeps the default). Linux shares CPU
     * equally among sessions (autogroups) before threads, and each server has a session of its
     * own, so the value is set on the session as well as on every thread. A raise (below 0)
     * needs root or CAP_SYS_NICE; without it the server runs at the default priority.
     */
    int cpuNice() {
        return 0;
    }

    /** The Java this server runs on: the servers' Java 17 unless it needs another. */
    JavaRuntime runtime(JavaRuntime serversJava) {
        return serversJava;
    }

    Process launch(JavaRuntime serversJava, BridgeHome home) {
        JavaRuntime java = runtime(serversJava);
        List<String> command = new ArrayList<>();
        // A session of its own: Ctrl-C in the terminal that ran 'bridge sandbox start' must not reach it.
        // It does not fork here, so the pid stays that of the JVM.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        List<String> prelude = launchPrelude();
        if (!prelude.isEmpty() && Files.isExecutable(SHELL)) {
            // Run in the server's session by the shell that then becomes the server: every thread the JVM starts
            // inherits it.
            String exec = cpuNice() != 0 && Files.isExecutable(NICE) ? "exec " + NICE + " -n " + cpuNice()
                    + " \"$@\"" : "exec \"$@\"";
            command.addAll(List.of(SHELL.toString(), "-c", String.join("; ", prelude) + "; " + exec, name));
        }
        command.add(java.javaExecutable());
        command.addAll(jvmOptions(home));
        command.add(marker());
        command.add("-cp");
        command.add(classpath(home));
        command.add(mainClass());
        command.addAll(arguments());
        Path log = layout.logFile(name);
        try {
            Files.writeString(log, "==== " + Instant.now() + " starting " + name + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command);
            // glibc gives each busy thread its own malloc arena (up to 8 per core); two keep native memory small.
            builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
            builder.environment().putAll(environment());
            Process process = builder
                    .directory(layout.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()))
                    .redirectInput(Redirect.from(new File("/dev/null")))
                    .start();
            Files.writeString(layout.pidFile(name), Long.toString(process.pid()));
            return process;
        } catch (IOException e) {
            throw new SandboxException(name + ": could not launch " + java.javaExecutable() + ": " + e.getMessage(), e);
        }
    }

    /** Shell statements that set the server's scheduling before it starts; failures leave the default. */
    private List<String> launchPrelude() {
        List<String> prelude = new ArrayList<>();
        if (timerSlackNanos() > 0 && Files.exists(OWN_TIMER_SLACK)) {
            prelude.add("echo " + timerSlackNanos() + " > " + OWN_TIMER_SLACK + " 2>/dev/null");
        }
        if (cpuNice() != 0) {
            prelude.add("echo " + cpuNice() + " > " + OWN_AUTOGROUP + " 2>/dev/null");
        }
        return prelude;
    }

    /** The running server, if its pid file names a live process that carries this server's marker. */
    public Optional<ProcessHandle> running() {
        Path pidFile = layout.pidFile(name);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(marker())).orElse(false));
    }

    /** Clean shutdown (SIGTERM), then SIGKILL once the timeout has passed. */
    public boolean stop() {
        Optional<ProcessHandle> process = running();
        if (process.isEmpty()) {
            deletePidFile();
            return false;
        }
        ProcessHandle handle = process.get();
        handle.destroy();
        try {
            handle.onExit().get(stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            handle.destroyForcibly();
            handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> handle).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        deletePidFile();
        return true;
    }

    /** Kills the server at once, as a crash would (used to test recovery). */
    public void kill() {
        running().ifPresent(handle -> {
            handle.destroyForcibly();
            handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> handle).join();
        });
        deletePidFile();
    }

    /**
     * Stops the server without ending it (SIGSTOP): its sockets stay open and nothing is answered,
     * as with a server hung in a long GC pause or on a dead disk (used to test clients' timeouts).
     */
    public void suspend() {
        signal("STOP");
    }

    /** Lets a {@link #suspend suspended} server run on (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        ProcessHandle handle = running().orElseThrow(() -> new IllegalStateException(name + " is not running"));
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(handle.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes()).trim();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + handle.pid() + " (" + name + "): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted signalling " + name, e);
        }
    }

    public Path logFile() {
        return layout.logFile(name);
    }

    public List<String> logTail(int lines) {
        Path log = layout.logFile(name);
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            // a class path or JVM argument line can run to kilobytes: keep error messages readable
            return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .map(line -> line.length() > 300 ? line.substring(0, 297) + "..." : line).toList();
        } catch (IOException e) {
            return List.of("(could not read " + log + ": " + e.getMessage() + ")");
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(layout.pidFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tags the command line so this server is recognised again, and only in this sandbox. */
    private String marker() {
        return "-Dbridge.sandbox=" + name + "@" + layout.root();
    }

    protected Path serverDir() {
        return layout.serverDir(name);
    }

    protected static void writeFile(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}

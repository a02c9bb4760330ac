package io.ckbridge.sandbox;

import io.ckbridge.sandbox.secure.Certificates;
import io.ckbridge.sandbox.secure.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stack of real servers, each in its own JVM: Cassandra node(s), then a Kafka broker (and
 * the schema registry when asked for), then a Kafka Connect worker. Data lives in the sandbox
 * folder and survives stop and start. A secure sandbox generates its certificates and passwords on
 * its first start ({@link #access()} says how to reach it).
 */
public final class Sandbox {
    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final SandboxLayout layout;
    private final SandboxSettings settings;
    private final List<CassandraNode> nodes;
    private final KafkaBroker kafka;
    private final ConnectWorker connect;
    private final List<CdcPublisherProcess> publishers;
    private final MaterializerProcess materializer;
    private final OpsProcess ops;
    private final SchemaRegistryProcess schemaRegistry;
    private final SandboxAccess access;

    private Sandbox(SandboxLayout layout, SandboxSettings settings) {
        this.layout = layout;
        this.settings = settings;
        this.access = new SandboxAccess(layout, settings);
        List<CassandraNode> cassandraNodes = new ArrayList<>();
        for (int i = 1; i <= settings.nodes(); i++) {
            cassandraNodes.add(new CassandraNode(i, layout, settings));
        }
        this.nodes = Collections.unmodifiableList(cassandraNodes);
        this.kafka = new KafkaBroker(layout, settings);
        this.connect = new ConnectWorker(layout, settings);
        this.publishers = cassandraNodes.stream().map(node -> new CdcPublisherProcess(node, layout, settings)).toList();
        this.materializer = new MaterializerProcess(layout, settings);
        this.ops = new OpsProcess(layout, settings, cassandraNodes, publishers, materializer);
        this.schemaRegistry = new SchemaRegistryProcess(layout, settings);
    }

    /**
     * The sandbox in {@code dir} with these settings. A folder that already holds a sandbox keeps
     * its node count: its data was laid out for that ring.
     */
    public static Sandbox create(Path dir, SandboxSettings settings) {
        SandboxLayout layout = new SandboxLayout(dir);
        Optional<SandboxSettings> saved = SettingsFile.read(layout);
        if (saved.isPresent() && saved.get().nodes() != settings.nodes()
                && Files.isDirectory(layout.serverDir("cassandra-1"))) {
            throw new SandboxException("The sandbox in " + layout.root() + " was created with " + saved.get().nodes()
                    + " Cassandra node(s); it cannot change to " + settings.nodes()
                    + ". Use another --dir, or delete that folder to start afresh.");
        }
        return new Sandbox(layout, settings);
    }

    /** The sandbox previously started in {@code dir}, with the settings it was started with. */
    public static Sandbox open(Path dir) {
        SandboxLayout layout = new SandboxLayout(dir);
        SandboxSettings settings = SettingsFile.read(layout).orElseThrow(() -> new SandboxException(
                "No sandbox in " + layout.root() + ": start one with 'bridge sandbox start'"
                        + (dir.equals(SandboxLayout.DEFAULT_DIR) ? "" : " --dir " + dir) + "."));
        return new Sandbox(layout, settings);
    }

    /** Settings saved in {@code dir} by an earlier start, if any. */
    public static Optional<SandboxSettings> savedSettings(Path dir) {
        return SettingsFile.read(new SandboxLayout(dir));
    }

    public SandboxLayout layout() {
        return layout;
    }

    public SandboxSettings settings() {
        return settings;
    }

    /** How clients reach this sandbox's servers, secure or not. */
    public SandboxAccess access() {
        return access;
    }

    public List<CassandraNode> cassandraNodes() {
        return nodes;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public ConnectWorker connect() {
        return connect;
    }

    public List<CdcPublisherProcess> cdcPublishers() {
        return publishers;
    }

    public MaterializerProcess materializer() {
        return materializer;
    }

    public OpsProcess ops() {
        return ops;
    }

    /** The schema registry, when this sandbox has one ({@code --schema-registry}). */
    public Optional<SchemaRegistryProcess> schemaRegistry() {
        return settings.schemaRegistry() ? Optional.of(schemaRegistry) : Optional.empty();
    }

    /** Servers in start order. */
    public List<ServerProcess> servers() {
        return Stream.of(nodes.stream(), Stream.of(kafka), schemaRegistry().stream(), Stream.of(connect),
                        publishers.stream(), Stream.of(materializer, ops))
                .flatMap(s -> s).map(ServerProcess.class::cast).toList();
    }

    public Optional<ServerProcess> server(String name) {
        return servers().stream().filter(server -> server.name().equals(name)).findFirst();
    }

    public boolean isRunning() {
        return servers().stream().allMatch(server -> server.running().isPresent());
    }

    /**
     * Starts every server that is not running, in order, each once what it needs is ready (Kafka
     * starts beside Cassandra, which it does not need). Reports one line per server. If a server cannot start, stops
     * what this call started and throws.
     */
    public void start(Consumer<String> progress) {
        if (isRunning()) {
            progress.accept("Sandbox already running in " + layout.root() + ".");
            return;
        }
        layout.createDirectories();
        JavaRuntime java = JavaRuntime.java17();
        // the registry's newer Java is looked for before anything starts: without one, nothing does
        schemaRegistry().ifPresent(registry -> registry.runtime(java));
        BridgeHome home = BridgeHome.locate();
        SettingsFile.write(layout, settings);
        Instant begin = Instant.now();
        prepareSecurity(java, progress);
        List<ServerProcess> started = new ArrayList<>();
        try {
            // Kafka needs nothing from Cassandra: it starts while the Cassandra seed does.
            CassandraProbe.warmUp(access, nodes.get(0).host());
            Optional<Launched> seed = launch(nodes.get(0), java, home, progress, started);
            Optional<Launched> broker = launch(kafka, java, home, progress, started);
            // The registry needs nothing either; nothing needs it to start.
            Optional<Launched> registry = schemaRegistry().flatMap(server -> launch(server, java, home, progress,
                    started));
            // Probed in the background so that its line tells its own start time, not the wait for Cassandra.
            Optional<CompletableFuture<String>> brokerReady =
                    broker.map(l -> CompletableFuture.supplyAsync(() -> awaitReady(l)));
            Optional<CompletableFuture<String>> registryReady =
                    registry.map(l -> CompletableFuture.supplyAsync(() -> awaitReady(l)));
            seed.ifPresent(l -> progress.accept(awaitReady(l)));
            startOtherCassandraNodes(java, home, progress, started);
            // before anything that logs in to Cassandra starts
            CassandraRoles.ensure(access, nodes.size()).ifPresent(progress);
            brokerReady.ifPresent(ready -> progress.accept(joinUnwrapped(ready)));
            // Connect, the CDC publishers, the materializer and ops need Kafka, not each other: they start together.
            List<ServerProcess> last = new ArrayList<>();
            last.add(connect);
            last.addAll(publishers);
            last.add(materializer);
            last.add(ops);
            startTogether(last, java, home, progress, started);
            registryReady.ifPresent(ready -> progress.accept(joinUnwrapped(ready)));
            if (registry.isPresent() && !started.contains(ops)) {
                // a registry added to a running sandbox: ops learns of it at its start
                ops.stop();
                startTogether(List.of(ops), java, home, progress, started);
            }
        } catch (RuntimeException e) {
            if (!started.isEmpty()) {
                progress.accept("Start failed; stopping what this command started.");
                Collections.reverse(started);
                started.forEach(ServerProcess::stop);
            }
            throw e;
        }
        progress.accept(String.format("Sandbox ready in %.1f s (%s).", seconds(begin), layout.root()));
    }

    /**
     * A secure sandbox's passwords and certificates, generated on its first start (and the
     * certificates again when they are missing); its client files, written at every start.
     */
    private void prepareSecurity(JavaRuntime java, Consumer<String> progress) {
        if (settings.secure()) {
            Instant begin = Instant.now();
            boolean newSecrets = !Files.isRegularFile(layout.secretsFile());
            Secrets secrets = Secrets.ensure(layout.secretsFile());
            Certificates tls = layout.certificates();
            if (newSecrets || !tls.exist()) {
                List<String> addresses = IntStream.rangeClosed(1, SandboxSettings.MAX_NODES)
                        .mapToObj(SandboxSettings::nodeAddress).toList();
                tls.generate(java.keytool(), secrets.value(Secrets.STORE_PASSWORD), addresses);
                progress.accept(String.format("  %-16s CA, server and client certificates in %s (%.1f s)", "tls",
                        tls.directory(), seconds(begin)));
            }
        }
        access.writeClientConfigs();
    }

    private void startOtherCassandraNodes(JavaRuntime java, BridgeHome home, Consumer<String> progress,
            List<ServerProcess> started) {
        if (nodes.size() == 1) {
            return;
        }
        // The ring is laid out by initial_token and nodes join without streaming, so the other
        // nodes can start together once the seed is up.
        startTogether(nodes.subList(1, nodes.size()), java, home, progress, started);
        awaitCluster(progress);
    }

    /** Launches servers that do not depend on each other at once, then waits for each. */
    private void startTogether(List<? extends ServerProcess> servers, JavaRuntime java, BridgeHome home,
            Consumer<String> progress,
                               List<ServerProcess> started) {
        List<Launched> launched = new ArrayList<>();
        for (ServerProcess server : servers) {
            launch(server, java, home, progress, started).ifPresent(launched::add);
        }
        launched.forEach(l -> progress.accept(awaitReady(l)));
    }

    private void awaitCluster(Consumer<String> progress) {
        CassandraNode seed = nodes.get(0);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        int peers = -1;
        while (Instant.now().isBefore(deadline)) {
            peers = CassandraProbe.peerCount(access, seed.host());
            if (peers == nodes.size() - 1) {
                progress.accept("  cluster          " + nodes.size() + " nodes in ring");
                return;
            }
            sleep();
        }
        throw new SandboxException("cassandra-1 sees " + Math.max(peers, 0) + " peer(s) after 60 s; expected "
                + (nodes.size() - 1) + ". See the logs in " + layout.logs() + ".");
    }

    /** Launches the server unless it already runs; what is launched is recorded in {@code started}. */
    private Optional<Launched> launch(ServerProcess server, JavaRuntime java, BridgeHome home,
            Consumer<String> progress,
                                      List<ServerProcess> started) {
        if (server.running().isPresent()) {
            progress.accept(String.format("  %-16s already running on %s", server.name(), server.address()));
            return Optional.empty();
        }
        server.requirePortsFree();
        Instant begin = Instant.now();
        server.prepare(java, home);
        Launched launched = new Launched(server, server.launch(java, home), begin);
        started.add(server);
        LOG.debug("{}: launched, pid {}", server.name(), launched.process().pid());
        return Optional.of(launched);
    }

    /** Waits until the server answers; returns its progress line, with the seconds since its launch began. */
    private String awaitReady(Launched launched) {
        ServerProcess server = launched.server();
        Instant deadline = launched.at().plus(server.readyTimeout());
        int probes = 0;
        while (!server.isReady()) {
            probes++;
            if (!launched.process().isAlive()) {
                throw new SandboxException(server.name() + " exited during start (exit code "
                        + launched.process().exitValue() + "). Last lines of " + server.logFile() + ":\n  "
                        + String.join("\n  ", server.logTail(20)));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new SandboxException(server.name() + " did not become ready within "
                        + server.readyTimeout().toSeconds() + " s. Last lines of " + server.logFile() + ":\n  "
                        + String.join("\n  ", server.logTail(20)));
            }
            sleep();
        }
        LOG.debug("{}: ready after {} ms and {} probes", server.name(),
                Duration.between(launched.at(), Instant.now()).toMillis(), probes + 1);
        return line(server, launched.at());
    }

    private static String joinUnwrapped(CompletableFuture<String> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Stops every server, last started first; peers (publishers, Cassandra nodes) together. */
    public void stop(Consumer<String> progress) {
        // the registry also when it runs from a start that asked for it and settings changed since
        Stream<ServerProcess> registry = settings.schemaRegistry() || schemaRegistry.running().isPresent()
                ? Stream.of(schemaRegistry) : Stream.empty();
        Stream.of(Stream.<ServerProcess>of(ops, materializer), publishers.stream(), registry).flatMap(s -> s)
                .map(server -> CompletableFuture.runAsync(() -> stopAndReport(server, progress)))
                .toList().forEach(CompletableFuture::join);
        stopAndReport(connect, progress);
        stopAndReport(kafka, progress);
        List<CompletableFuture<Void>> stopping = nodes.stream()
                .map(node -> CompletableFuture.runAsync(() -> stopAndReport(node, progress)))
                .toList();
        stopping.forEach(CompletableFuture::join);
    }

    private static void stopAndReport(ServerProcess server, Consumer<String> progress) {
        Instant begin = Instant.now();
        boolean wasRunning = server.stop();
        synchronized (progress) {
            progress.accept(wasRunning
                    ? String.format("  %-16s stopped (%.1f s)", server.name(), seconds(begin))
                    : String.format("  %-16s was not running", server.name()));
        }
    }

    public List<ServerStatus> status() {
        return servers().stream().map(server -> server.running()
                        .map(handle -> new ServerStatus(server.name(), true, handle.pid(), server.address(),
                                handle.info().startInstant().map(start -> Duration.between(start, Instant.now()))
                                .orElse(Duration.ZERO)))
                        .orElseGet(() -> new ServerStatus(server.name(), false, -1, server.address(), Duration.ZERO)))
                .toList();
    }

    private static String line(ServerProcess server, Instant begin) {
        return String.format("  %-16s ready on %-28s (%.1f s)", server.name(), server.address(), seconds(begin));
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("Interrupted while waiting for the sandbox", e);
        }
    }

    private record Launched(ServerProcess server, Process process, Instant at) {
    }
}

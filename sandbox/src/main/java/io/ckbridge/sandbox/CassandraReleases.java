package io.ckbridge.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Cassandra releases a distribution holds: {@code servers/cassandra} (ours, the newest) and
 * older ones beside it as {@code servers/cassandra-<version>}, each told by its
 * {@code cassandra-all-<version>.jar}. A node runs one of them; the upgrade rehearsal moves nodes
 * from an older one to the newest.
 */
public final class CassandraReleases {
    private static final Comparator<String> BY_VERSION = Comparator.comparing(CassandraReleases::numbers,
            Arrays::compare);

    /** Version to the server folder's name, oldest first. */
    private final TreeMap<String, String> servers;

    private CassandraReleases(TreeMap<String, String> servers) {
        this.servers = servers;
    }

    public static CassandraReleases of(BridgeHome home) {
        Path root = home.root().resolve("servers");
        TreeMap<String, String> servers = new TreeMap<>(BY_VERSION);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                if (name.equals("cassandra") || name.startsWith("cassandra-")) {
                    release(dir).ifPresent(version -> servers.put(version, name));
                }
            }
        } catch (IOException e) {
            throw new SandboxException("Cannot list " + root + ": " + e.getMessage(), e);
        }
        if (servers.isEmpty()) {
            throw new SandboxException("The distribution at " + home.root() + " holds no Cassandra server"
                    + " (servers/cassandra): rebuild it with 'mvn -pl dist -am package -DskipTests'.");
        }
        return new CassandraReleases(servers);
    }

    private static Optional<String> release(Path dir) throws IOException {
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.map(jar -> jar.getFileName().toString())
                    .filter(jar -> jar.matches("cassandra-all-[0-9][0-9.]*\\.jar"))
                    .map(jar -> jar.substring("cassandra-all-".length(), jar.length() - ".jar".length()))
                    .findFirst();
        }
    }

    /** Oldest first. */
    public List<String> versions() {
        return List.copyOf(servers.keySet());
    }

    public String newest() {
        return servers.lastKey();
    }

    /** The {@code servers/} folder of a release; a clear error naming the ones there are when it is not. */
    public String serverName(String version) {
        String name = servers.get(version);
        if (name == null) {
            throw new SandboxException("No Cassandra " + version + " in this distribution; it holds "
                    + String.join(", ", versions()) + ".");
        }
        return name;
    }

    /** Whether {@code a} is an older release than {@code b}. */
    public static boolean older(String a, String b) {
        return BY_VERSION.compare(a, b) < 0;
    }

    private static int[] numbers(String version) {
        return Stream.of(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }
}

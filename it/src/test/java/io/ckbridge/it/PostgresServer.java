package io.ckbridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from Debian's {@code postgresql} package: a cluster made with
 * {@code initdb} (trust logins) in a test folder, started with {@code pg_ctl} on a free port,
 * its log beside it, stopped on close. As root the server runs as the package's {@code postgres}
 * user, since PostgreSQL refuses to run as root. Queries go through {@code psql}.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path dir;
    private final int port;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** The newest installed release's programs, or a clear error naming the package. */
    static Path installed() {
        try (Stream<Path> versions = Files.list(VERSIONS)) {
            return versions.map(version -> version.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve(
                    "initdb"))).max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName()
                    .toString().replaceAll("\\D", "0")))).orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL is not installed under " + VERSIONS + ": apt-get install -y "
                    + "postgresql (.ci/run does)", e);
        }
    }

    public static PostgresServer start(Path dir) {
        Path bin = installed();
        int port = freePort();
        try {
            Files.createDirectories(dir);
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir, true);
            run(asServerUser(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                    "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale")), dir, false);
            run(asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off", "start")), dir, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PostgresServer(bin, dir, port);
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public void createDatabase(String name) {
        psql("postgres", "CREATE DATABASE " + name);
    }

    /** Rows of a query, each a list of its columns' text ({@code psql -At}). */
    public List<List<String>> query(String database, String sql) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : psql(database, sql).split("\n")) {
            if (!line.isEmpty()) {
                rows.add(Arrays.asList(line.split("\\|", -1)));
            }
        }
        return rows;
    }

    /** Whether a table exists in the database's public schema. */
    public boolean hasTable(String database, String table) {
        return !query(database, "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND "
                + "table_name = '" + table + "'").isEmpty();
    }

    private String psql(String database, String sql) {
        try {
            return run(List.of(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-U", "postgres", "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql), dir, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            run(asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m",
                    "fast", "-w", "stop")), dir, false);
        } catch (IOException | RuntimeException e) {
            System.err.println("[postgres] stop failed: " + e.getMessage());
        }
    }

    private static List<String> asServerUser(List<String> command) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return command;
        }
        List<String> asPostgres = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        asPostgres.addAll(command);
        return asPostgres;
    }

    private static String run(List<String> command, Path dir, boolean onlyAsRoot) throws IOException {
        if (onlyAsRoot && !"root".equals(System.getProperty("user.name"))) {
            return "";
        }
        Path output = Files.createTempFile(dir.getParent(), "postgres-command", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(Path.of("/tmp").toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 90 s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue()
                        + "): " + text + Optional.of(dir.resolve("postgres.log")).filter(Files::exists)
                        .map(PostgresServer::tail).orElse(""));
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.ckbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.sandbox.secure.Secrets;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraNodeTest {

    @Test
    void tokensOfAllNodesAreDistinctAndEvenlySpacedAroundTheRing() {
        List<BigInteger> all = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            CassandraNode.initialTokens(node, 3).forEach(token -> all.add(new BigInteger(token)));
        }
        all.sort(null);

        assertThat(all).hasSize(3 * CassandraNode.TOKENS_PER_NODE).doesNotHaveDuplicates();
        assertThat(all.get(0)).isEqualTo(BigInteger.TWO.pow(63).negate());
        BigInteger step = all.get(1).subtract(all.get(0));
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).subtract(all.get(i - 1)).subtract(step).abs()).isLessThanOrEqualTo(BigInteger.ONE);
        }
        assertThat(all.get(all.size() - 1)).isLessThan(BigInteger.TWO.pow(63));
    }

    @Test
    void configEnablesCdcWithPeriodicSyncOnTheNodesOwnAddress() {
        SandboxSettings settings = SandboxSettings.defaults().withNodes(3).withCommitlogSyncPeriodMs(250);
        CassandraNode node = new CassandraNode(2, new SandboxLayout(Path.of("/tmp/sb")), settings);

        String yaml = node.cassandraYaml();

        assertThat(yaml).contains("cdc_enabled: true", "commitlog_sync: periodic", "commitlog_sync_period: 250ms",
                "listen_address: 127.0.0.2", "rpc_address: 127.0.0.2", "seeds: \"127.0.0.1:7000\"",
                "native_transport_port: 9042", "cdc_raw_directory: /tmp/sb/cassandra-2/cdc_raw",
                "authenticator: AllowAllAuthenticator");
        assertThat(node.jmxPort()).isEqualTo(7200);
        BridgeHome home = new BridgeHome(Path.of("..", "dist", "src", "main").toAbsolutePath());
        assertThat(node.jvmOptions(home)).contains("-Xms256m", "-Xmx1g", "-Dcassandra.jmx.local.port=7200",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED");
    }

    @Test
    void aSecureNodeTakesTlsClientsWithCertificatesAndPasswordsAndItsYamlIsTheOwnersOnly(@TempDir Path dir)
            throws Exception {
        SandboxLayout layout = new SandboxLayout(dir);
        layout.createDirectories();
        Secrets secrets = Secrets.ensure(layout.secretsFile());
        CassandraNode node = new CassandraNode(1, layout, SandboxSettings.defaults().withSecure(true));

        node.prepare(null, homeWith(dir, "5.0.6"));

        String yaml = Files.readString(node.configFile());
        assertThat(yaml).contains("authenticator: PasswordAuthenticator", "client_encryption_options:",
                "  enabled: true", "  optional: false", "  require_client_auth: true", "  store_type: PKCS12",
                "  keystore: " + layout.certificates().serverKeystore(),
                "  truststore: " + layout.certificates().truststore(),
                "  keystore_password: " + secrets.value(Secrets.STORE_PASSWORD));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(node.configFile())))
                .isEqualTo("rw-------");
    }

    /** A distribution holding only the servers/cassandra* folders of these releases, newest first. */
    private static BridgeHome homeWith(Path dir, String newest, String... older) throws Exception {
        Path servers = Files.createDirectories(dir.resolve("home").resolve("servers"));
        Files.createFile(Files.createDirectories(servers.resolve("cassandra")).resolve("cassandra-all-" + newest
                + ".jar"));
        for (String version : older) {
            Files.createFile(Files.createDirectories(servers.resolve("cassandra-" + version))
                    .resolve("cassandra-all-" + version + ".jar"));
        }
        return new BridgeHome(dir.resolve("home"));
    }

    @Test
    void aNodeKeepsTheReleaseItFirstStartedOnUntilItIsMovedToAnother(@TempDir Path dir) throws Exception {
        BridgeHome home = homeWith(dir, "5.0.6", "5.0.5");
        SandboxLayout layout = new SandboxLayout(dir.resolve("sandbox"));
        layout.createDirectories();
        CassandraNode node = new CassandraNode(1, layout, SandboxSettings.defaults().withCassandraVersion("5.0.5"));

        node.prepare(null, home);
        CassandraNode laterStart = new CassandraNode(1, layout, SandboxSettings.defaults());

        assertThat(laterStart.release(home)).isEqualTo("5.0.5");
        assertThat(laterStart.classpath(home)).isEqualTo(home.root().resolve("servers/cassandra-5.0.5") + "/*");
        laterStart.useRelease(home, "5.0.6");
        assertThat(node.release(home)).isEqualTo("5.0.6");
        assertThat(node.classpath(home)).isEqualTo(home.root().resolve("servers/cassandra") + "/*");
        assertThat(new CassandraNode(2, layout, SandboxSettings.defaults()).release(home)).isEqualTo("5.0.6");
    }

    @Test
    void authUsesPasswordAuthenticator() {
        CassandraNode node = new CassandraNode(1, new SandboxLayout(Path.of("/tmp/sb")),
                SandboxSettings.defaults().withCassandraAuth(true));

        assertThat(node.cassandraYaml()).contains("authenticator: PasswordAuthenticator",
                "authorizer: CassandraAuthorizer");
    }
}

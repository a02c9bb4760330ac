package io.ckbridge.sandbox.secure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the JDK's real keytool (a few seconds): the stores must be what TLS servers and clients can use. */
class CertificatesTest {
    private static final String PASSWORD = "store-Password-42";

    @TempDir
    Path dir;

    @Test
    void theCaSignsAServerAndAClientCertificateAndTheTruststoreHoldsTheCa() throws Exception {
        Certificates tls = new Certificates(dir.resolve("tls"));
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");

        tls.generate(keytool, PASSWORD, List.of("127.0.0.1", "127.0.0.2"));

        assertThat(tls.exist()).isTrue();
        X509Certificate ca = (X509Certificate) load(tls.truststore()).getCertificate(Certificates.CA_ALIAS);
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);

        Certificate[] server = load(tls.serverKeystore()).getCertificateChain(Certificates.SERVER_ALIAS);
        assertThat(server).hasSize(2);
        X509Certificate serverCertificate = (X509Certificate) server[0];
        serverCertificate.verify(ca.getPublicKey());
        List<String> names = serverCertificate.getSubjectAlternativeNames().stream().map(name -> (String) name.get(1))
                .toList();
        assertThat(names).containsExactlyInAnyOrder("localhost", "127.0.0.1", "127.0.0.2");
        assertThat(serverCertificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth

        X509Certificate client = (X509Certificate) load(tls.clientKeystore())
                .getCertificateChain(Certificates.CLIENT_ALIAS)[0];
        client.verify(ca.getPublicKey());
        assertThat(client.getSubjectX500Principal().getName()).startsWith("CN=bridge");
        assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth

        assertThat(Files.readString(tls.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.serverKeystore())))
                .isEqualTo("rw-------");
        try (var files = Files.list(tls.directory())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca.p12", "ca.pem", "truststore.p12", "server.p12", "client.p12");
        }
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }
}

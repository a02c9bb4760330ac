package io.ckbridge.sandbox.secure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeytoolTest {
    private static final Path STORE = Path.of("/sb/conf/tls/server.p12");

    @Test
    void theStorePasswordGoesByEnvironmentNeverOnTheCommandLine() {
        Keytool keytool = new Keytool(Path.of("/jdk/bin/keytool"), "the-Password-1");

        List<String> command = keytool.command(Keytool.newKeyPair(STORE, "server", "CN=localhost", List.of()));

        assertThat(command).doesNotContain("the-Password-1").containsSubsequence("-storepass:env",
                Keytool.PASSWORD_VARIABLE);
        assertThat(command.get(0)).isEqualTo("/jdk/bin/keytool");
        assertThat(String.join(" ", command)).doesNotContain("the-Password-1");
    }

    @Test
    void everyStoreIsPkcs12AndEveryKeyRsa2048ValidTenYears() {
        List<String> args = Keytool.newKeyPair(STORE, "ca", "CN=bridge sandbox CA", List.of("BC:c=ca:true"));

        assertThat(args).containsSubsequence("-genkeypair", "-alias", "ca", "-dname", "CN=bridge sandbox CA")
                .containsSubsequence("-keyalg", "RSA", "-keysize", "2048", "-validity", "3650")
                .containsSubsequence("-ext", "BC:c=ca:true")
                .containsSubsequence("-keystore", STORE.toString(), "-storetype", "PKCS12");
    }

    @Test
    void theCaSignsARequestIntoAPemCertificateWithTheGivenExtensions() {
        List<String> args = Keytool.sign(Path.of("/sb/ca.p12"), "ca", Path.of("/sb/server.csr"),
                Path.of("/sb/server.pem"), List.of("SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth"));

        assertThat(args).containsSubsequence("-gencert", "-alias", "ca", "-infile", "/sb/server.csr", "-outfile",
                "/sb/server.pem", "-rfc").containsSubsequence("-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext",
                "EKU=serverAuth").containsSubsequence("-keystore", "/sb/ca.p12");
    }

    @Test
    void theServerCertificateNamesLocalhostAndEveryNodeAddress() {
        assertThat(Certificates.subjectAlternativeNames(List.of("127.0.0.1", "127.0.0.2")))
                .isEqualTo("SAN=dns:localhost,ip:127.0.0.1,ip:127.0.0.2");
    }
}

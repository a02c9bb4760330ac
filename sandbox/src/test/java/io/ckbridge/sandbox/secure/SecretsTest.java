package io.ckbridge.sandbox.secure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    @TempDir
    Path dir;

    @Test
    void theFirstCallGeneratesEveryPasswordIntoAnOwnerOnlyFileAndLaterCallsReadThem() throws Exception {
        Path file = dir.resolve("secrets").resolve("secrets.properties");

        Secrets generated = Secrets.ensure(file);
        Secrets again = Secrets.ensure(file);

        assertThat(again.values()).isEqualTo(generated.values()).hasSize(4).doesNotHaveDuplicates()
                .allMatch(value -> value.matches("[A-Za-z0-9]{24}"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(generated.toString()).doesNotContain(generated.value(Secrets.CASSANDRA_PASSWORD));
    }

    @Test
    void aReferenceNamesTheFileAndTheKeyAsKafkasFileConfigProviderReadsThem() {
        assertThat(Secrets.reference(Path.of("/sb/conf/secrets/secrets.properties"), Secrets.KAFKA_PASSWORD))
                .isEqualTo("${file:/sb/conf/secrets/secrets.properties:kafka.password}");
    }
}

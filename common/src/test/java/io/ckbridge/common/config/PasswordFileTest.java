package io.ckbridge.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {
    @TempDir
    Path dir;

    @Test
    void thePasswordIsTheFirstLineWithoutItsLineEnd() throws IOException {
        Path file = dir.resolve("password");
        Files.writeString(file, " s3cret with spaces \r\nsecond line\n");

        assertThat(PasswordFile.read(file)).isEqualTo(" s3cret with spaces ");
    }

    @Test
    void noFileGivesNoPassword() throws IOException {
        assertThat(PasswordFile.read(null)).isNull();
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        assertThatThrownBy(() -> PasswordFile.read(dir.resolve("nope"))).isInstanceOf(IOException.class)
                .hasMessageContaining("nope");
    }
}

package io.ckbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {

    @Test
    void settingsSurviveAWriteAndARead(@TempDir Path dir) {
        SandboxLayout layout = new SandboxLayout(dir);
        layout.createDirectories();
        SandboxSettings settings = SandboxSettings.defaults().withNodes(3).withKafkaPort(19092).withCassandraAuth(true);

        SettingsFile.write(layout, settings);

        assertThat(SettingsFile.read(layout)).contains(settings);
    }

    @Test
    void aSecureSandboxRemembersItIsSecure(@TempDir Path dir) {
        SandboxLayout layout = new SandboxLayout(dir);
        layout.createDirectories();

        SettingsFile.write(layout, SandboxSettings.defaults().withSecure(true));

        assertThat(SettingsFile.read(layout)).hasValueSatisfying(read -> {
            assertThat(read.secure()).isTrue();
            assertThat(read.passwordAuthentication()).isTrue();
        });
    }

    @Test
    void settingsSavedBeforeSecureSandboxesExistedReadAsPlain(@TempDir Path dir) throws Exception {
        SandboxLayout layout = new SandboxLayout(dir);
        layout.createDirectories();
        SettingsFile.write(layout, SandboxSettings.defaults());
        String saved = Files.readString(layout.settingsFile());
        Files.writeString(layout.settingsFile(), saved.replaceAll(",\\s*\"secure\"\\s*:\\s*false", ""));

        assertThat(Files.readString(layout.settingsFile())).doesNotContain("secure");
        assertThat(SettingsFile.read(layout)).contains(SandboxSettings.defaults());
    }

    @Test
    void aFolderWithoutSettingsHasNone(@TempDir Path dir) {
        assertThat(SettingsFile.read(new SandboxLayout(dir))).isEmpty();
    }
}

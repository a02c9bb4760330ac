package io.ckbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aFolderWithoutSettingsHasNone(@TempDir Path dir) {
        assertThat(SettingsFile.read(new SandboxLayout(dir))).isEmpty();
    }
}

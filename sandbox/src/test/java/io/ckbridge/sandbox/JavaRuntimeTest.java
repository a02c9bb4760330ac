package io.ckbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimeTest {

    @Test
    void readsTheFeatureVersionFromAJdksReleaseFile(@TempDir Path jdk) throws Exception {
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\n");
        jdk.resolve("bin/java").toFile().setExecutable(true);
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"25.0.1\"\n");

        assertThat(JavaRuntime.featureVersion(jdk)).contains(25);
    }

    @Test
    void aFolderThatIsNoJdkHasNoVersion(@TempDir Path folder) {
        assertThat(JavaRuntime.featureVersion(folder)).isEmpty();
    }

    @Test
    void theBuildRunsOnJava17SoItIsChosen() {
        assertThat(JavaRuntime.java17().home()).isEqualTo(Path.of(System.getProperty("java.home")));
    }
}

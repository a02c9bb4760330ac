package io.ckbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimeTest {

    @Test
    void readsTheFeatureVersionFromAJdksReleaseFile(@TempDir Path jdk) throws Exception {
        fakeJdk(jdk, "25.0.1");

        assertThat(JavaRuntime.featureVersion(jdk)).contains(25);
    }

    @Test
    void aNewerJavaIsTheNewestInstalledWhenNeitherThisJvmNorJavaHomeIsOne(@TempDir Path installed) throws Exception {
        fakeJdk(installed.resolve("jdk-17"), "17.0.9");
        fakeJdk(installed.resolve("jdk-21"), "21.0.4");
        fakeJdk(installed.resolve("jdk-25"), "25.0.1");
        String java17 = System.getProperty("java.home");

        JavaRuntime found = JavaRuntime.atLeast(21, "the schema registry", null, java17, installed);

        assertThat(found.home()).isEqualTo(installed.resolve("jdk-25"));
        assertThat(found.featureVersion()).isEqualTo(25);
    }

    @Test
    void aNamedJavaHomeIsTakenAndMustBeNewEnough(@TempDir Path installed) throws Exception {
        fakeJdk(installed.resolve("jdk-21"), "21.0.4");
        fakeJdk(installed.resolve("jdk-25"), "25.0.1");

        assertThat(JavaRuntime.atLeast(21, "the schema registry", installed.resolve("jdk-21").toString(), null,
                installed).home()).isEqualTo(installed.resolve("jdk-21"));
        assertThatThrownBy(() -> JavaRuntime.atLeast(21, "the schema registry",
                System.getProperty("java.home"), null, installed))
                .hasMessageContaining(JavaRuntime.NEWER_JAVA_HOME_ENV).hasMessageContaining("Java 17")
                .hasMessageContaining("the schema registry needs Java 21 or newer");
    }

    @Test
    void noNewerJavaAnywhereIsAClearError(@TempDir Path installed) throws Exception {
        fakeJdk(installed.resolve("jdk-17"), "17.0.9");

        assertThatThrownBy(() -> JavaRuntime.atLeast(21, "the schema registry", null, null, installed))
                .hasMessageContaining("No Java 21 or newer found for the schema registry")
                .hasMessageContaining("none in " + installed).hasMessageContaining(JavaRuntime.NEWER_JAVA_HOME_ENV);
    }

    private static void fakeJdk(Path jdk, String version) throws Exception {
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\n");
        jdk.resolve("bin/java").toFile().setExecutable(true);
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
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

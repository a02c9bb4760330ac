package io.ckbridge.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Java 17 every server JVM runs on. Cassandra 5.0 refuses newer Java (it installs a
 * Security Manager), and Kafka 4 needs 17, so one explicit Java 17 launches them all.
 */
public final class JavaRuntime {
    static final int REQUIRED_FEATURE_VERSION = 17;
    private static final Pattern RELEASE_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private final Path javaHome;

    private JavaRuntime(Path javaHome) {
        this.javaHome = javaHome;
    }

    /** The Java 17 of this JVM if it is one, else the one at JAVA_HOME, else a clear error. */
    public static JavaRuntime java17() {
        Path current = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() == REQUIRED_FEATURE_VERSION) {
            return new JavaRuntime(current);
        }
        String javaHomeEnv = System.getenv("JAVA_HOME");
        if (javaHomeEnv != null && !javaHomeEnv.isBlank()) {
            Path candidate = Path.of(javaHomeEnv);
            if (featureVersion(candidate).orElse(-1) == REQUIRED_FEATURE_VERSION) {
                return new JavaRuntime(candidate);
            }
        }
        throw new SandboxException("No Java 17 found to run the servers: this command runs on Java "
                + Runtime.version().feature() + " (" + current + ") and JAVA_HOME is "
                + (javaHomeEnv == null ? "not set" : javaHomeEnv + " (not Java 17)")
                + ". Cassandra 5.0 runs only on Java 11 or 17 and Kafka 4 needs 17:"
                + " set JAVA_HOME to a Java 17 JDK, e.g. export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64");
    }

    static Optional<Integer> featureVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(javaHome.resolve("bin/java"))) {
            return Optional.empty();
        }
        try {
            Matcher matcher = RELEASE_VERSION.matcher(Files.readString(release));
            if (!matcher.find()) {
                return Optional.empty();
            }
            String major = matcher.group(1);
            // Java 8 and older report "1.8"; any of those is simply "not 17" here.
            return Optional.of(Integer.parseInt(major));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public Path home() {
        return javaHome;
    }

    public String javaExecutable() {
        return javaHome.resolve("bin/java").toString();
    }

    /** The JDK's keytool, which generates a secure sandbox's certificates. */
    public Path keytool() {
        Path keytool = javaHome.resolve("bin/keytool");
        if (!Files.isExecutable(keytool)) {
            throw new SandboxException("No keytool in " + javaHome.resolve("bin")
                    + ": a secure sandbox generates its certificates with it. Set JAVA_HOME to a full Java 17 JDK.");
        }
        return keytool;
    }
}

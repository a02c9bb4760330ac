package io.ckbridge.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Java 17 every server JVM runs on. Cassandra 5.0 refuses newer Java (it installs a
 * Security Manager), and Kafka 4 needs 17, so one explicit Java 17 launches them all. The schema
 * registry alone needs a newer one ({@link #atLeast}).
 */
public final class JavaRuntime {
    static final int REQUIRED_FEATURE_VERSION = 17;
    /** Names the Java home of a newer Java for the servers that need one (the schema registry). */
    public static final String NEWER_JAVA_HOME_ENV = "BRIDGE_JAVA21_HOME";
    private static final Path INSTALLED_JDKS = Path.of("/usr/lib/jvm");
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

    /**
     * A Java of at least {@code feature}: the one named by BRIDGE_JAVA21_HOME, else this JVM or
     * JAVA_HOME if new enough, else the newest JDK installed in /usr/lib/jvm, else a clear error.
     */
    public static JavaRuntime atLeast(int feature, String needer) {
        return atLeast(feature, needer, System.getenv(NEWER_JAVA_HOME_ENV), System.getenv("JAVA_HOME"),
                INSTALLED_JDKS);
    }

    static JavaRuntime atLeast(int feature, String needer, String namedHome, String javaHomeEnv, Path installed) {
        if (namedHome != null && !namedHome.isBlank()) {
            Path named = Path.of(namedHome);
            int version = featureVersion(named).orElse(-1);
            if (version < feature) {
                throw new SandboxException(NEWER_JAVA_HOME_ENV + " is " + namedHome + ", which is "
                        + (version < 0 ? "not a Java home (no release file and bin/java)" : "Java " + version)
                        + "; " + needer + " needs Java " + feature + " or newer.");
            }
            return new JavaRuntime(named);
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(System.getProperty("java.home")));
        if (javaHomeEnv != null && !javaHomeEnv.isBlank()) {
            candidates.add(Path.of(javaHomeEnv));
        }
        Optional<Path> found = candidates.stream().filter(home -> featureVersion(home).orElse(-1) >= feature)
                .findFirst().or(() -> newestInstalled(installed, feature));
        return found.map(JavaRuntime::new).orElseThrow(() -> new SandboxException("No Java " + feature
                + " or newer found for " + needer + ": not this JVM (Java " + Runtime.version().feature()
                + "), not JAVA_HOME, none in " + installed
                + ". Install one (e.g. apt-get install openjdk-21-jdk-headless) or set " + NEWER_JAVA_HOME_ENV
                + " to its folder."));
    }

    private static Optional<Path> newestInstalled(Path installed, int feature) {
        if (!Files.isDirectory(installed)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(installed)) {
            return homes.filter(home -> featureVersion(home).orElse(-1) >= feature)
                    .max(Comparator.comparing((Path home) -> featureVersion(home).orElse(-1))
                            .thenComparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The Java feature version of this runtime (17, 21, 25...). */
    public int featureVersion() {
        return featureVersion(javaHome).orElse(-1);
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

package io.ckbridge.ops.nodes;

import io.ckbridge.common.config.PasswordFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The command-line options that reach the Cassandra nodes' JMX: endpoints, user and a password file. */
public final class JmxOptions {
    @Option(names = {"--cassandra-jmx", "--jmx"}, paramLabel = "HOST:PORT", split = ",", description =
            "The Cassandra nodes' JMX endpoints.")
    List<String> endpoints;

    @Option(names = "--jmx-username", description = "JMX user, when the nodes' JMX checks passwords.")
    String username;

    @Option(names = "--jmx-password-file", paramLabel = "FILE", description = "A file holding the JMX password "
            + "(or set BRIDGE_JMX_PASSWORD).")
    Path passwordFile;

    /** The endpoints given, or null. */
    public List<String> endpoints() {
        return endpoints;
    }

    /** The user given, or null. */
    public String username() {
        return username;
    }

    /** From the file, else BRIDGE_JMX_PASSWORD, else null; never from the command line, where ps shows it. */
    public String password() throws IOException {
        return passwordFile != null ? PasswordFile.read(passwordFile) : System.getenv("BRIDGE_JMX_PASSWORD");
    }
}

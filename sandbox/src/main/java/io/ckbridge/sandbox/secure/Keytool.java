package io.ckbridge.sandbox.secure;

import io.ckbridge.sandbox.SandboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code keytool}, run as a process. The store password reaches it through an
 * environment variable ({@code -storepass:env}), never on a command line that {@code ps} shows.
 * Every store is PKCS12; every key RSA 2048; certificates are valid ten years (the sandbox is thrown
 * away long before).
 */
final class Keytool {
    static final String PASSWORD_VARIABLE = "BRIDGE_SANDBOX_STORE_PASSWORD";
    static final String VALIDITY_DAYS = "3650";
    /** keytool is a short-lived JVM: no JIT beyond C1, the smallest collector. */
    private static final List<String> QUICK_JVM = List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
            "-J-Xshare:auto");

    private final Path executable;
    private final String storePassword;

    Keytool(Path executable, String storePassword) {
        this.executable = executable;
        this.storePassword = storePassword;
    }

    /** A key pair with a self-signed certificate, in a new entry {@code alias} of {@code store}. */
    static List<String> newKeyPair(Path store, String alias, String distinguishedName, List<String> extensions) {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-dname", distinguishedName,
                "-keyalg", "RSA", "-keysize", "2048", "-validity", VALIDITY_DAYS));
        extensions.forEach(extension -> args.addAll(List.of("-ext", extension)));
        args.addAll(store(store));
        return args;
    }

    /** A certificate signing request for the key of {@code alias}, written to {@code request}. */
    static List<String> certificateRequest(Path store, String alias, Path request) {
        List<String> args = new ArrayList<>(List.of("-certreq", "-alias", alias, "-file", request.toString()));
        args.addAll(store(store));
        return args;
    }

    /** Signs {@code request} with the key of {@code caAlias}, writing the certificate (PEM) to {@code certificate}. */
    static List<String> sign(Path caStore, String caAlias, Path request, Path certificate, List<String> extensions) {
        List<String> args = new ArrayList<>(List.of("-gencert", "-alias", caAlias, "-infile", request.toString(),
                "-outfile", certificate.toString(), "-rfc", "-validity", VALIDITY_DAYS));
        extensions.forEach(extension -> args.addAll(List.of("-ext", extension)));
        args.addAll(store(caStore));
        return args;
    }

    /** Writes the certificate of {@code alias} as PEM to {@code certificate}. */
    static List<String> exportCertificate(Path store, String alias, Path certificate) {
        List<String> args = new ArrayList<>(List.of("-exportcert", "-rfc", "-alias", alias, "-file",
                certificate.toString()));
        args.addAll(store(store));
        return args;
    }

    /**
     * Imports a certificate: as a trusted entry when {@code alias} is new, or as the signed reply
     * for the key entry {@code alias}: then the file holds the whole chain, up to the CA, which
     * {@code -noprompt} installs although no entry of the store trusts that CA.
     */
    static List<String> importCertificate(Path store, String alias, Path certificate) {
        List<String> args = new ArrayList<>(List.of("-importcert", "-noprompt", "-alias", alias, "-file",
                certificate.toString()));
        args.addAll(store(store));
        return args;
    }

    private static List<String> store(Path store) {
        return List.of("-keystore", store.toString(), "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE);
    }

    /** The full command line of one keytool run. */
    List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(QUICK_JVM);
        command.addAll(args);
        return command;
    }

    /** Runs keytool; fails with what it printed when it does not succeed. */
    void run(List<String> args) {
        List<String> command = command(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put(PASSWORD_VARIABLE, storePassword);
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new SandboxException("keytool " + args.get(0) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new SandboxException("keytool " + String.join(" ", args) + " failed (exit " + process.exitValue()
                        + "): " + new String(output, StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new SandboxException("Cannot run " + executable + ": " + e.getMessage()
                    + ". The secure sandbox generates its certificates with the JDK's keytool.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("Interrupted while running keytool", e);
        }
    }
}

package io.ckbridge.sandbox.secure;

import io.ckbridge.sandbox.SandboxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * A secure sandbox's throw-away certificates in {@code conf/tls}: a CA of its own, one server
 * certificate for the Cassandra nodes and the Kafka broker (naming localhost and every node
 * address), one client certificate for the sandbox's clients (Cassandra requires one), and a
 * truststore holding the CA. Every store is PKCS12 with the sandbox's store password.
 */
public final class Certificates {
    static final String CA_ALIAS = "ca";
    static final String SERVER_ALIAS = "server";
    static final String CLIENT_ALIAS = "client";

    private final Path dir;

    public Certificates(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path directory() {
        return dir;
    }

    /** The CA's key pair: only needed to sign the other two. */
    public Path caKeystore() {
        return dir.resolve("ca.p12");
    }

    /** The CA certificate in PEM, for clients that take no Java truststore (cqlsh, librdkafka). */
    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    /** The CA certificate as the one trusted entry: every server and client trusts what it signed. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** Key and certificate chain of the servers (Cassandra nodes, Kafka broker). */
    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    /** Key and certificate chain of the clients (CN=bridge). */
    public Path clientKeystore() {
        return dir.resolve("client.p12");
    }

    public boolean exist() {
        return Stream.of(truststore(), serverKeystore(), clientKeystore()).allMatch(Files::isRegularFile);
    }

    /** The server certificate's names: localhost and each given address (the node addresses). */
    static String subjectAlternativeNames(List<String> addresses) {
        List<String> names = new ArrayList<>(List.of("dns:localhost"));
        addresses.forEach(address -> names.add("ip:" + address));
        return "SAN=" + String.join(",", names);
    }

    /**
     * Generates every file anew (what was there is replaced): first the CA, then the truststore and
     * the two signed certificates side by side.
     */
    public void generate(Path keytoolExecutable, String storePassword, List<String> serverAddresses) {
        Keytool keytool = new Keytool(keytoolExecutable, storePassword);
        PrivateFiles.directory(dir);
        deleteStores();
        keytool.run(Keytool.newKeyPair(caKeystore(), CA_ALIAS, "CN=bridge sandbox CA, O=Cassandra-Kafka Bridge",
                List.of("BC:c=ca:true", "KU:c=keyCertSign,cRLSign")));
        keytool.run(Keytool.exportCertificate(caKeystore(), CA_ALIAS, caCertificate()));
        List<CompletableFuture<Void>> steps = List.of(
                CompletableFuture.runAsync(() -> keytool.run(Keytool.importCertificate(truststore(), CA_ALIAS,
                        caCertificate()))),
                CompletableFuture.runAsync(() -> signed(keytool, serverKeystore(), SERVER_ALIAS,
                        "CN=localhost, OU=sandbox servers, O=Cassandra-Kafka Bridge",
                        List.of(subjectAlternativeNames(serverAddresses), "KU:c=digitalSignature,keyEncipherment",
                                "EKU=serverAuth,clientAuth"))),
                CompletableFuture.runAsync(() -> signed(keytool, clientKeystore(), CLIENT_ALIAS,
                        "CN=bridge, OU=sandbox clients, O=Cassandra-Kafka Bridge",
                        List.of("KU:c=digitalSignature,keyEncipherment", "EKU=clientAuth"))));
        try {
            steps.forEach(CompletableFuture::join);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        restrictAll();
    }

    /** A key pair in {@code store} whose certificate the CA signed, installed with its chain (itself, the CA). */
    private void signed(Keytool keytool, Path store, String alias, String distinguishedName, List<String> extensions) {
        Path request = dir.resolve(alias + ".csr");
        Path chain = dir.resolve(alias + "-chain.pem");
        try {
            keytool.run(Keytool.newKeyPair(store, alias, distinguishedName, List.of()));
            keytool.run(Keytool.certificateRequest(store, alias, request));
            keytool.run(Keytool.sign(caKeystore(), CA_ALIAS, request, chain, extensions));
            Files.writeString(chain, Files.readString(caCertificate()), StandardOpenOption.APPEND);
            keytool.run(Keytool.importCertificate(store, alias, chain));
            Files.deleteIfExists(request);
            Files.deleteIfExists(chain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteStores() {
        try {
            for (Path file : List.of(caKeystore(), caCertificate(), truststore(), serverKeystore(), clientKeystore())) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new SandboxException("Cannot replace the certificates in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void restrictAll() {
        try {
            for (Path file : List.of(caKeystore(), truststore(), serverKeystore(), clientKeystore())) {
                PrivateFiles.restrict(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

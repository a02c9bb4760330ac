package io.ckbridge.it;

import io.ckbridge.sandbox.BridgeHome;
import io.ckbridge.sandbox.CassandraReleases;
import io.ckbridge.sandbox.SandboxSettings;
import java.util.Comparator;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Which sandbox a test class runs on: its node count, whether Cassandra checks passwords, how
 * much room cdc_raw has, whether the whole sandbox is secure and whether it has a schema registry.
 */
record SandboxKind(int nodes, boolean auth, int cdcTotalSpaceMib, boolean secure, boolean schemaRegistry) {
    /** Classes without a sandbox first, then one node: plain, with auth, small cdc_raw, secure; then larger ones. */
    static final Comparator<SandboxKind> RUN_ORDER = Comparator.comparingInt(SandboxKind::nodes)
            .thenComparing(SandboxKind::auth).thenComparing(SandboxKind::cdcTotalSpaceMib, Comparator.reverseOrder())
            .thenComparing(SandboxKind::secure).thenComparing(SandboxKind::schemaRegistry);

    /** The kind a class asks for; classes without {@link BridgeSandbox} get nodes 0. */
    static SandboxKind of(Class<?> testClass) {
        return AnnotationSupport.findAnnotation(testClass, BridgeSandbox.class)
                .map(wanted -> new SandboxKind(wanted.nodes(), wanted.auth(), wanted.cdcTotalSpaceMib(),
                        wanted.secure(), wanted.schemaRegistry()))
                .orElse(new SandboxKind(0, false, SandboxSettings.DEFAULT_CDC_TOTAL_SPACE_MIB, false, false));
    }

    String name() {
        boolean smallCdcRaw = cdcTotalSpaceMib != SandboxSettings.DEFAULT_CDC_TOTAL_SPACE_MIB;
        return "sandbox-" + nodes + "n" + (auth ? "-auth" : "") + (smallCdcRaw ? "-cdc" + cdcTotalSpaceMib + "m" : "")
                + (secure ? "-secure" : "") + (schemaRegistry ? "-registry" : "");
    }

    /** Whether this kind is {@code other} plus a schema registry: started by adding the registry to it. */
    boolean addsRegistryTo(SandboxKind other) {
        return schemaRegistry && !other.schemaRegistry
                && new SandboxKind(nodes, auth, cdcTotalSpaceMib, secure, false).equals(other);
    }

    /**
     * Settings of this kind on ports free right now. A multi-node sandbox starts its nodes on the
     * oldest Cassandra release the distribution holds: the upgrade rehearsal, first of its classes
     * ({@code Day2IT}), moves them to ours, on which the others then run.
     */
    SandboxSettings settings() {
        SandboxSettings settings = SandboxSettings.onFreePorts(Math.max(1, nodes)).withCassandraAuth(auth)
                .withCdcTotalSpaceMib(cdcTotalSpaceMib).withSecure(secure).withSchemaRegistry(schemaRegistry);
        return nodes > 1
                ? settings.withCassandraVersion(CassandraReleases.of(BridgeHome.locate()).versions().get(0))
                : settings;
    }
}

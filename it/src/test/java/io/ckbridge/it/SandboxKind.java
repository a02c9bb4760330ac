package io.ckbridge.it;

import io.ckbridge.sandbox.SandboxSettings;
import java.util.Comparator;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Which sandbox a test class runs on: its node count, whether Cassandra checks passwords, how
 * much room cdc_raw has and whether the whole sandbox is secure.
 */
record SandboxKind(int nodes, boolean auth, int cdcTotalSpaceMib, boolean secure) {
    /** Classes without a sandbox first, then one node: plain, with auth, small cdc_raw, secure; then larger ones. */
    static final Comparator<SandboxKind> RUN_ORDER = Comparator.comparingInt(SandboxKind::nodes)
            .thenComparing(SandboxKind::auth).thenComparing(SandboxKind::cdcTotalSpaceMib, Comparator.reverseOrder())
            .thenComparing(SandboxKind::secure);

    /** The kind a class asks for; classes without {@link BridgeSandbox} get nodes 0. */
    static SandboxKind of(Class<?> testClass) {
        return AnnotationSupport.findAnnotation(testClass, BridgeSandbox.class)
                .map(wanted -> new SandboxKind(wanted.nodes(), wanted.auth(), wanted.cdcTotalSpaceMib(),
                        wanted.secure()))
                .orElse(new SandboxKind(0, false, SandboxSettings.DEFAULT_CDC_TOTAL_SPACE_MIB, false));
    }

    String name() {
        boolean smallCdcRaw = cdcTotalSpaceMib != SandboxSettings.DEFAULT_CDC_TOTAL_SPACE_MIB;
        return "sandbox-" + nodes + "n" + (auth ? "-auth" : "") + (smallCdcRaw ? "-cdc" + cdcTotalSpaceMib + "m" : "")
                + (secure ? "-secure" : "");
    }

    /** Settings of this kind on ports free right now. */
    SandboxSettings settings() {
        return SandboxSettings.onFreePorts(Math.max(1, nodes)).withCassandraAuth(auth)
                .withCdcTotalSpaceMib(cdcTotalSpaceMib).withSecure(secure);
    }
}

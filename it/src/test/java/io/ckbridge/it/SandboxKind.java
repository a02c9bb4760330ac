package io.ckbridge.it;

import io.ckbridge.sandbox.SandboxSettings;
import java.util.Comparator;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Which sandbox a test class runs on: its node count, whether Cassandra checks passwords and how
 * much room cdc_raw has.
 */
record SandboxKind(int nodes, boolean auth, int cdcTotalSpaceMib) {
    /** Classes without a sandbox first, then one node, one node with auth, then larger clusters. */
    static final Comparator<SandboxKind> RUN_ORDER = Comparator.comparingInt(SandboxKind::nodes)
            .thenComparing(SandboxKind::auth).thenComparing(SandboxKind::cdcTotalSpaceMib, Comparator.reverseOrder());

    /** The kind a class asks for; classes without {@link BridgeSandbox} get nodes 0. */
    static SandboxKind of(Class<?> testClass) {
        return AnnotationSupport.findAnnotation(testClass, BridgeSandbox.class)
                .map(wanted -> new SandboxKind(wanted.nodes(), wanted.auth(), wanted.cdcTotalSpaceMib()))
                .orElse(new SandboxKind(0, false, SandboxSettings.DEFAULT_CDC_TOTAL_SPACE_MIB));
    }

    String name() {
        boolean smallCdcRaw = cdcTotalSpaceMib != SandboxSettings.DEFAULT_CDC_TOTAL_SPACE_MIB;
        return "sandbox-" + nodes + "n" + (auth ? "-auth" : "") + (smallCdcRaw ? "-cdc" + cdcTotalSpaceMib + "m" : "");
    }

    /** Settings of this kind on ports free right now. */
    SandboxSettings settings() {
        return SandboxSettings.onFreePorts(Math.max(1, nodes)).withCassandraAuth(auth)
                .withCdcTotalSpaceMib(cdcTotalSpaceMib);
    }
}

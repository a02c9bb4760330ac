package io.ckbridge.it;

import java.util.Comparator;
import org.junit.platform.commons.support.AnnotationSupport;

/** Which sandbox a test class runs on: its node count and whether Cassandra checks passwords. */
record SandboxKind(int nodes, boolean auth) {
    /** Classes without a sandbox first, then one node, one node with auth, then larger clusters. */
    static final Comparator<SandboxKind> RUN_ORDER =
            Comparator.comparingInt(SandboxKind::nodes).thenComparing(SandboxKind::auth);

    /** The kind a class asks for; classes without {@link BridgeSandbox} get nodes 0. */
    static SandboxKind of(Class<?> testClass) {
        return AnnotationSupport.findAnnotation(testClass, BridgeSandbox.class)
                .map(wanted -> new SandboxKind(wanted.nodes(), wanted.auth()))
                .orElse(new SandboxKind(0, false));
    }

    String name() {
        return "sandbox-" + nodes + "n" + (auth ? "-auth" : "");
    }
}

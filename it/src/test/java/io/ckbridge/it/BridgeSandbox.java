package io.ckbridge.it;

import io.ckbridge.sandbox.SandboxSettings;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a running sandbox ({@link io.ckbridge.sandbox.Sandbox} parameters are
 * injected). Sandboxes are shared: one per kind, started once per test run; the
 * classes of one kind run together and the sandbox stops when the next kind starts (or the run ends).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(SandboxExtension.class)
public @interface BridgeSandbox {
    /** Cassandra nodes. */
    int nodes() default 1;

    /** Cassandra with PasswordAuthenticator (superuser cassandra/cassandra). */
    boolean auth() default false;

    /** Each node's cdc_total_space in MiB: small values let a test fill cdc_raw. */
    int cdcTotalSpaceMib() default SandboxSettings.DEFAULT_CDC_TOTAL_SPACE_MIB;

    /** A secure sandbox: TLS and role bridge on Cassandra, SASL_SSL on Kafka ({@code sandbox start --secure}). */
    boolean secure() default false;

    /**
     * A schema registry beside Kafka ({@code sandbox start --schema-registry}). It adds no sandbox
     * start: the registry is started on the running sandbox of the same kind without one.
     */
    boolean schemaRegistry() default false;
}

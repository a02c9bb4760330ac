package io.ckbridge.it;

import io.ckbridge.sandbox.Sandbox;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the sandbox a test class asks for, once per test run: the instance lives in the root
 * store, which JUnit closes at the end of the run (also when tests fail).
 */
public final class SandboxExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SandboxExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        sandbox(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return sandbox(context);
    }

    private static Sandbox sandbox(ExtensionContext context) {
        BridgeSandbox wanted = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), BridgeSandbox.class).orElse(null);
        int nodes = wanted == null ? 1 : wanted.nodes();
        boolean auth = wanted != null && wanted.auth();
        String name = "sandbox-" + nodes + "n" + (auth ? "-auth" : "");
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(name, key -> SharedSandbox.start(name, nodes, auth), SharedSandbox.class)
                .sandbox();
    }
}

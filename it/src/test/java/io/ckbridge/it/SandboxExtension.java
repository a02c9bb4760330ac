package io.ckbridge.it;

import io.ckbridge.sandbox.Sandbox;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the sandbox a test class asks for, once per test run: the instance lives in the root
 * store, which JUnit closes at the end of the run (also when tests fail). Test classes come
 * grouped by sandbox kind ({@link SandboxClassOrder}), so when a class asks for another kind the
 * running sandbox is no longer needed and is stopped first, unless the next kind is the same plus a
 * schema registry: then the registry is added to it.
 */
public final class SandboxExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SandboxExtension.class);
    private static final String RUNNING = "running-kind";

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

    private static synchronized Sandbox sandbox(ExtensionContext context) {
        SandboxKind wanted = SandboxKind.of(context.getRequiredTestClass());
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        SandboxKind running = store.get(RUNNING, SandboxKind.class);
        if (running != null && !running.equals(wanted)) {
            SharedSandbox previous = store.remove(running.name(), SharedSandbox.class);
            if (previous != null && wanted.addsRegistryTo(running)) {
                previous.addSchemaRegistry();
                store.put(wanted.name(), previous);
            } else if (previous != null) {
                previous.close();
            }
        }
        store.put(RUNNING, wanted);
        return store.getOrComputeIfAbsent(wanted.name(),
                        key -> SharedSandbox.start(wanted.name(), wanted.settings()),
                        SharedSandbox.class)
                .sandbox();
    }
}

package io.ckbridge.it;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Order;

/**
 * Runs the test classes of one sandbox kind one after another, within a kind by {@link Order}
 * (lowest first; most classes have none) and then by name, so each sandbox is started once and
 * can be stopped before the next starts: two idle stacks would otherwise share the machine's two
 * cores with the one under test. Also makes the order the same
 * on every machine (Failsafe's default is the file system's listing order).
 */
public final class SandboxClassOrder implements ClassOrderer {
    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparing((ClassDescriptor descriptor) -> SandboxKind.of(descriptor.getTestClass()),
                        SandboxKind.RUN_ORDER)
                .thenComparingInt(descriptor -> descriptor.findAnnotation(Order.class).map(Order::value)
                        .orElse(Order.DEFAULT))
                .thenComparing(descriptor -> descriptor.getTestClass().getName()));
    }
}

package io.ckbridge.cli.day2;

import java.util.List;
import java.util.Optional;

/** The scenarios {@code bridge sandbox day2} knows, by name. */
final class Scenarios {
    static final List<Scenario> ALL = List.of(new RollingRestart(), new Upgrade(), new SchemaChange(),
            new BackupRestore(), new NodeLoss());

    private Scenarios() {
    }

    static Optional<Scenario> named(String name) {
        return ALL.stream().filter(scenario -> scenario.name().equals(name)).findFirst();
    }

    static List<String> names() {
        return ALL.stream().map(Scenario::name).toList();
    }
}

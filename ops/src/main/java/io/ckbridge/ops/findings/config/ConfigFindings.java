package io.ckbridge.ops.findings.config;

import io.ckbridge.ops.findings.Evidence;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.ArrayList;
import java.util.List;

/** Every config rule over the configuration read; a rule that fails on it says so as a finding. */
public final class ConfigFindings {
    private final List<ConfigRule> rules;

    public ConfigFindings() {
        this(List.of(new CommitLogSyncPeriodRule(), new TasksMaxRule(), new ConsistencyRule(), new DeadLetterRule(),
                new ConverterEnvelopeRule()));
    }

    ConfigFindings(List<ConfigRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Finding> evaluate(ClusterConfig config, long nowMs) {
        List<Finding> findings = new ArrayList<>();
        for (ConfigRule rule : rules) {
            try {
                findings.addAll(rule.evaluate(config, nowMs));
            } catch (RuntimeException e) {
                String name = rule.getClass().getSimpleName();
                findings.add(new Finding("config-unreadable:" + name, "config-unreadable", Severity.INFO,
                        "a setting could not be judged (" + name + "): " + e.getMessage(),
                        "The setting has a form this check does not read.", "Check the setting named.",
                        List.of(Evidence.fact(e.toString())), nowMs));
            }
        }
        return findings;
    }
}

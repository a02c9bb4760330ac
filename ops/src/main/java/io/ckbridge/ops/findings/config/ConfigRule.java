package io.ckbridge.ops.findings.config;

import io.ckbridge.ops.findings.Finding;
import java.util.List;

/** One kind of setting, or mix of settings, that hurts in a way the logs and metrics show only later. */
interface ConfigRule {
    List<Finding> evaluate(ClusterConfig config, long nowMs);
}

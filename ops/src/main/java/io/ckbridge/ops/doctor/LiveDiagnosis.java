package io.ckbridge.ops.doctor;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import io.ckbridge.ops.OpsConfig;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.config.ConfigFindings;
import io.ckbridge.ops.findings.logs.LogFindings;
import io.ckbridge.ops.findings.logs.LogReader;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log and config findings of a running ops server: the logs are read as they grow at every
 * poll (a line makes a finding for {@code log.findings.window.minutes}), the configuration is
 * judged again every {@value #CONFIG_EVERY_MS} ms (files, connectors, topics, keyspaces).
 */
public final class LiveDiagnosis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveDiagnosis.class);
    private static final long CONFIG_EVERY_MS = 30_000;

    private final OpsConfig config;
    private final LogReader logs;
    private final LogFindings logFindings = new LogFindings();
    private final ConfigFindings configFindings = new ConfigFindings();
    private Admin admin;
    private CqlSession session;
    private List<Finding> lastConfig = List.of();
    /** When the configuration was last judged; null before the first time. */
    private Long configAt;
    private String lastProblem;

    public LiveDiagnosis(OpsConfig config) {
        this.config = config;
        this.logs = new LogReader(config.logs(), ZoneId.systemDefault());
    }

    /** The findings now; a part that cannot be read is put in {@code errors} and the rest judged. */
    public synchronized List<Finding> findings(long nowMs, JsonNode connectors, Map<String, String> errors) {
        List<Finding> findings = new ArrayList<>();
        try {
            logs.readNew(logFindings::offer);
        } catch (IOException e) {
            errors.put("logs", "Reading the servers' logs failed: " + e.getMessage());
        }
        findings.addAll(logFindings.findings(nowMs - config.logWindow().toMillis(), nowMs));
        if (configAt == null || nowMs - configAt >= CONFIG_EVERY_MS) {
            List<String> unread = new ArrayList<>();
            lastConfig = configFindings.evaluate(Doctor.config(config.cassandraYamls(),
                    config.connectWorkerProperties(), Optional.of(() -> connectors), config.connectUrl(),
                    Optional.of(admin()), cassandra(unread), config.cdcLatencyGoalMs(), new ArrayList<>(), unread),
                    nowMs);
            configAt = nowMs;
            String problem = String.join("; ", unread);
            if (!unread.isEmpty() && !problem.equals(lastProblem)) {
                LOG.warn("Part of the configuration could not be read: {}", problem);
            }
            lastProblem = problem;
        }
        findings.addAll(lastConfig);
        return findings;
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(config.kafkaClient("bridge-ops-diagnosis"));
        }
        return admin;
    }

    private Optional<CqlSession> cassandra(List<String> unread) {
        if (!config.cassandraGiven()) {
            return Optional.empty();
        }
        if (session == null) {
            try {
                session = SessionFactory.open(CassandraConnectionConfig.settings(config), "bridge-ops-diagnosis",
                        SessionTuning.NONE);
            } catch (RuntimeException e) {
                unread.add("keyspaces from Cassandra: " + e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(session);
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
        if (session != null) {
            session.close();
        }
    }
}

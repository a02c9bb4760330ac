package io.ckbridge.cdc.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.cdc.damage.DamageRegister;
import io.ckbridge.cdc.damage.SegmentDamage;
import io.ckbridge.common.http.StatusServer;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether the publisher needs a person: a damaged segment waiting for a decision, or passes that
 * keep failing (Kafka refusing, an index file that stays unreadable, a mutation it cannot decode)
 * beyond {@code health.max.failed.passes}. Either turns {@code /health} to 503, with the reasons;
 * so does, at once, a Kafka that refuses the publisher's login or TLS handshake: waiting does not
 * fix a wrong password. A Kafka outage shorter than that is DEGRADED but 200: the publisher keeps
 * its position and waits.
 */
public final class PublisherHealth {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxFailedPasses;
    private final DamageRegister damage;
    private final PublisherMetrics metrics;
    private volatile int failedPasses;
    private volatile String lastFailure;
    private volatile Instant failingSince;

    public PublisherHealth(int maxFailedPasses, DamageRegister damage, PublisherMetrics metrics) {
        this.maxFailedPasses = maxFailedPasses;
        this.damage = damage;
        this.metrics = metrics;
    }

    public void passFailed(String why) {
        if (failedPasses == 0) {
            failingSince = Instant.now();
        }
        failedPasses++;
        lastFailure = why;
        metrics.passFailed(failedPasses);
    }

    public void passSucceeded() {
        failedPasses = 0;
        lastFailure = null;
        failingSince = null;
        metrics.passFailed(0);
    }

    public boolean stuck() {
        return failedPasses >= maxFailedPasses;
    }

    public StatusServer.Health health() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode reasons = body.putArray("reasons");
        for (SegmentDamage held : damage.held()) {
            reasons.add(held.describe() + ". Nothing past it is published from this segment until a person "
                    + "decides: bridge cdc-publisher skip-segment --segment " + held.segmentId());
        }
        String refusal = metrics.kafkaRefusal();
        if (refusal != null) {
            reasons.add(refusal + " Nothing is published until it is fixed; the publisher tries again every 30 s.");
        }
        if (stuck() && !Objects.equals(lastFailure, refusal)) {
            reasons.add(failedPasses + " passes in a row failed since " + failingSince + ": " + lastFailure);
        }
        boolean healthy = reasons.isEmpty();
        // Kafka counts as away from its first refused batch, before that pass has ended
        double spaceUsed = metrics.getCdcRawUsedRatio();
        boolean spaceLow = spaceUsed > CdcRawSpaceMonitor.WARNING_RATIO;
        boolean degraded = failedPasses > 0 || !metrics.isKafkaAvailable() || metrics.getQuarantinedMutations() > 0
                || spaceLow;
        body.put("status", !healthy ? "DOWN" : degraded ? "DEGRADED" : "UP");
        body.put("kafka", metrics.isKafkaAvailable() ? "up" : "down");
        body.put("position", metrics.getPosition());
        body.put("backlogBytes", metrics.getBacklogBytes());
        body.put("cdcRawBytes", metrics.getCdcRawBytes());
        body.put("cdcTotalSpaceBytes", metrics.getCdcTotalSpaceBytes());
        body.put("cdcRawUsedRatio", Math.round(spaceUsed * 1000) / 1000.0);
        if (spaceLow) {
            body.put("warning", "cdc_raw is " + Math.round(spaceUsed * 100) + "% full: at 100% Cassandra rejects "
                    + "writes to CDC tables");
        }
        body.put("lagSeconds", metrics.getLagSeconds());
        body.put("changesPublished", metrics.getChangesPublished());
        body.put("damagedSegments", damage.held().size());
        body.put("quarantinedMutations", metrics.getQuarantinedMutations());
        body.put("failedPasses", failedPasses);
        if (lastFailure != null) {
            body.put("lastFailure", lastFailure);
        }
        // reasons first in the text, figures after
        body.set("reasons", body.remove("reasons"));
        return new StatusServer.Health(healthy, body.toString());
    }
}

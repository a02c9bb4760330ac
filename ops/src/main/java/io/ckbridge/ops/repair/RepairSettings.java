package io.ckbridge.ops.repair;

import java.time.Duration;

/**
 * How repairs run on this instance.
 *
 * @param segmentTimeout         first attempt's timeout; attempt {@code k} gets {@code k} times it
 * @param maxAttempts            attempts before a segment is FAILED
 * @param maxPendingCompactions  a replica with more pending compactions postpones its segments
 * @param maxRunningSegments     segments this instance runs at once (on disjoint replicas)
 * @param leaseTtl               how long a lease outlives its last renewal (a crashed instance's work
 *                               is taken over after it)
 * @param owner                  this instance's name in the leases; the same after a restart, so
 *                               that it takes its own leases back at once
 * @param postponeRecheck        how long a postponed segment waits before its replicas are asked again
 * @param tick                   how often runs and schedules are looked at
 */
public record RepairSettings(Duration segmentTimeout, int maxAttempts, int maxPendingCompactions,
        int maxRunningSegments, Duration leaseTtl, String owner, Duration postponeRecheck, Duration tick) {

    public static RepairSettings defaults(String owner) {
        return new RepairSettings(Duration.ofMinutes(30), 3, 20, 2, Duration.ofSeconds(60), owner,
                Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    public Duration timeoutOfAttempt(int attempt) {
        return segmentTimeout.multipliedBy(Math.max(1, attempt));
    }
}

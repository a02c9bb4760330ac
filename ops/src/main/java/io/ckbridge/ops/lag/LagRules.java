package io.ckbridge.ops.lag;

import java.util.List;

/**
 * Burrow's rules for one partition's window of commits, in Burrow's order; the first that holds
 * decides. A committed offset that went back is REWIND even when lag reached 0, because a reset
 * group re-reads records whatever its lag says. One rule is ours: a group that caught up (lag 0 in
 * the window) and then stopped while records wait for it (a paused connector) is STOP once they
 * have waited, with no commit, longer than the window spans; Burrow calls it OK until it commits.
 *
 * <ol>
 *   <li>an offset lower than the one before it: REWIND;</li>
 *   <li>records waiting, since {@code waitingSinceMs}, with no commit for longer than the window
 *       spans (and {@code minStopMs}): STOP;</li>
 *   <li>lag 0 now or at any commit in the window: OK;</li>
 *   <li>longer since the newest commit than the window spans (newest minus oldest commit), and
 *       longer than {@code minStopMs}: STOP. The floor is ours, not Burrow's: a window of one or two
 *       commits spans almost nothing, and a consumer that commits once a minute (Kafka Connect's
 *       default) is not stopped a second after its first commit;</li>
 *   <li>fewer than two commits: OK, there is no trend to judge yet;</li>
 *   <li>every commit the same offset: STALL;</li>
 *   <li>lag never fell from one commit to the next: WARN;</li>
 *   <li>else OK.</li>
 * </ol>
 */
public final class LagRules {
    private LagRules() {
    }

    /**
     * @param waitingSinceMs since when the partition's lag has been above 0 without a break, as
     *                       seen by whoever calls; null when it is 0 now or not known
     */
    public static LagStatus evaluate(List<Commit> window, long currentLag, Long waitingSinceMs, long nowMs,
            long minStopMs) {
        if (window.isEmpty()) {
            return LagStatus.OK; // nothing committed yet: nothing to judge
        }
        if (offsetWentBack(window)) {
            return LagStatus.REWIND;
        }
        if (currentLag > 0 && waitingSinceMs != null && stoppedWhileWaiting(window, waitingSinceMs, nowMs, minStopMs)) {
            return LagStatus.STOP;
        }
        if (currentLag == 0 || window.stream().anyMatch(commit -> commit.lag() == 0)) {
            return LagStatus.OK;
        }
        if (stopped(window, nowMs, minStopMs)) {
            return LagStatus.STOP;
        }
        if (window.size() < 2) {
            return LagStatus.OK; // one commit shows neither a stall nor a trend
        }
        if (window.stream().map(Commit::offset).distinct().count() == 1) {
            return LagStatus.STALL;
        }
        if (lagNeverFell(window)) {
            return LagStatus.WARN;
        }
        return LagStatus.OK;
    }

    private static boolean offsetWentBack(List<Commit> window) {
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).offset() < window.get(i - 1).offset()) {
                return true;
            }
        }
        return false;
    }

    private static boolean stopped(List<Commit> window, long nowMs, long minStopMs) {
        long oldest = window.get(0).timestampMs();
        long newest = window.get(window.size() - 1).timestampMs();
        return nowMs - newest > Math.max(newest - oldest, minStopMs);
    }

    private static boolean stoppedWhileWaiting(List<Commit> window, long waitingSinceMs, long nowMs,
            long minStopMs) {
        long oldest = window.get(0).timestampMs();
        long newest = window.get(window.size() - 1).timestampMs();
        return nowMs - Math.max(newest, waitingSinceMs) > Math.max(newest - oldest, minStopMs);
    }

    private static boolean lagNeverFell(List<Commit> window) {
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).lag() < window.get(i - 1).lag()) {
                return false;
            }
        }
        return true;
    }
}

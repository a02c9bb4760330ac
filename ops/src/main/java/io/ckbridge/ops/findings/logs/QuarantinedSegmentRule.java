package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.List;
import java.util.regex.Pattern;

/** A CDC publisher met a damaged commit-log segment: it quarantined it or keeps unreadable bytes aside. */
final class QuarantinedSegmentRule extends LogRule {
    static final String RULE = "cdc-segment-quarantined";

    QuarantinedSegmentRule() {
        super(RULE, Pattern.compile("Moved damaged segment (\\S+)|the mutation ending at offset \\d+ still cannot "
                + "be read|loss accepted"), LogSource.PUBLISHER);
    }

    @Override
    protected Finding judge(String file, List<Hit> hits, long nowMs) {
        return new Finding(id(file), RULE, Severity.CRITICAL,
                "the CDC publisher logging to " + file + " set aside damaged commit-log data " + hits.size()
                        + " time(s)",
                "A segment that cannot be read past a point (a torn write, a disk fault, a file cut) holds "
                        + "mutations the publisher could not publish: those changes are in the table but not in "
                        + "the change stream, until someone replays them.",
                "Read the lines cited: the quarantine folder holds the segment and its unreadable bytes. Compare "
                        + "the affected tables with a bulk read of the source connector, or re-snapshot them, to "
                        + "put the missing changes on the stream.",
                cite(hits), firstTime(hits));
    }
}

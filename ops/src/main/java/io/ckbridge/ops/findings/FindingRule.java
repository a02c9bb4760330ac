package io.ckbridge.ops.findings;

import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.watch.PipelineSnapshot;
import java.util.List;

/** One kind of finding, judged on the newest poll and the series before it. */
interface FindingRule {
    List<Finding> evaluate(PipelineSnapshot now, SeriesHistory history);
}

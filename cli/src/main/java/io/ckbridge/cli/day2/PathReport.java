package io.ckbridge.cli.day2;

import java.util.List;

/**
 * What one path of the load did: records written at its start (acknowledged), delivered at its
 * end, lost (written and never delivered), delivered more than once, and the longest and the
 * 99th-percentile delay from the write to the first delivery.
 *
 * @param notes lines the path adds to the report (columns seen, how a figure was measured)
 */
public record PathReport(String name, String route, long written, long delivered, long lost, long duplicated,
        long longestDelayMs, long p99DelayMs, List<String> notes) {
}

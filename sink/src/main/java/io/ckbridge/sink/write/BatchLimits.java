package io.ckbridge.sink.write;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How big a batch may be. Cassandra logs a warning for every batch over batch_size_warn_threshold
 * (5 KiB by default) and rejects those over batch_size_fail_threshold (50 KiB): both are read from
 * the cluster's settings table when it has one. By default batches stay under the warning
 * threshold; a configured size may go above it, but never past 80% of the fail threshold.
 */
public record BatchLimits(int maxRecords, int maxBytes) {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLimits.class);
    static final int DEFAULT_WARN_THRESHOLD_BYTES = 5 * 1024;
    static final int DEFAULT_FAIL_THRESHOLD_BYTES = 50 * 1024;

    public static BatchLimits read(CqlSession session, int maxRecords, Optional<Integer> configuredMaxBytes) {
        int warn = DEFAULT_WARN_THRESHOLD_BYTES;
        int fail = DEFAULT_FAIL_THRESHOLD_BYTES;
        try {
            for (Row row : session.execute("SELECT name, value FROM system_views.settings WHERE name IN "
                    + "('batch_size_warn_threshold', 'batch_size_fail_threshold')")) {
                int bytes = parseBytes(row.getString("value"));
                if (row.getString("name").startsWith("batch_size_warn")) {
                    warn = bytes;
                } else {
                    fail = bytes;
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("No settings table to read the batch thresholds from ({}); assuming {} and {} bytes",
                    e.getMessage(), warn, fail);
        }
        return new BatchLimits(maxRecords, limit(warn, fail, configuredMaxBytes));
    }

    static int limit(int warnThreshold, int failThreshold, Optional<Integer> configured) {
        int hardLimit = failThreshold / 5 * 4;
        return Math.min(hardLimit, configured.orElse(warnThreshold / 10 * 9));
    }

    /** "5KiB", "50KiB", "1MiB" or a number of bytes. */
    static int parseBytes(String value) {
        String text = value.trim().toUpperCase(Locale.ROOT);
        long multiplier = 1;
        if (text.endsWith("KIB")) {
            multiplier = 1024;
            text = text.substring(0, text.length() - 3);
        } else if (text.endsWith("MIB")) {
            multiplier = 1024 * 1024;
            text = text.substring(0, text.length() - 3);
        } else if (text.endsWith("B")) {
            text = text.substring(0, text.length() - 1);
        }
        return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(text.trim()) * multiplier);
    }
}

package io.ckbridge.bench;

import java.util.function.DoublePredicate;

/**
 * The goals the benchmarks print their figures against, all in one place: what each goal asks,
 * and how it reads in the output. The cdc bench judges its figures (", met" or ", NOT met");
 * the sink and source benches print the goal beside the figure for the reader to compare.
 */
public final class BenchGoals {
    /**
     * Up to the raw topic, the slack a change may take over the commit log's sync period (the
     * floor: the publisher reads only what Cassandra has synced).
     */
    static final long RAW_TOPIC_SLACK_MS = 250;
    /**
     * Up to the change topic, more: the materializer waits for every replica's copy and commits
     * every 100 ms.
     */
    static final long CHANGE_TOPIC_SLACK_MS = 500;

    /** bench source: bulk mode's rows/s against a plain driver scan of the same table. */
    public static final Goal SOURCE_BULK_OF_SCAN = Goal.atLeast(0.7);
    /** bench cdc --end-to-end: the materializer's events/s against the publishers' writes/s at full load. */
    public static final Goal MATERIALIZER_KEEPS_UP = Goal.stated("keeps up");

    private BenchGoals() {
    }

    /** bench sink: the sink's records/s against the driver's ceiling; exactly-once also writes each offset. */
    public static Goal sinkOfCeiling(boolean exactlyOnce) {
        return Goal.atLeast(exactlyOnce ? 0.5 : 0.8);
    }

    /** bench cdc: the p99 of write -> topic at the steady rate, in ms. */
    public static Goal cdcLatencyP99(long syncPeriodMs, boolean endToEnd) {
        return Goal.atMost("p99 ", syncPeriodMs + slackMs(endToEnd), " ms");
    }

    /** bench cdc: how long after the last write of the max-load phase the topic holds every change, in ms. */
    public static Goal cdcCatchUp(long syncPeriodMs, boolean endToEnd) {
        return Goal.atMost("", syncPeriodMs + slackMs(endToEnd), " ms");
    }

    private static long slackMs(boolean endToEnd) {
        return endToEnd ? CHANGE_TOPIC_SLACK_MS : RAW_TOPIC_SLACK_MS;
    }

    /** A goal: how it reads ("goal: p99 <= 350 ms"), and whether a figure meets it, when it has a bound. */
    public record Goal(String text, DoublePredicate isMetBy) {
        static Goal atMost(String figure, long limit, String unit) {
            return new Goal("goal: " + figure + "<= " + limit + unit, value -> value <= limit);
        }

        static Goal atLeast(double limit) {
            return new Goal("goal: >= " + limit, value -> value >= limit);
        }

        /** A goal the reader judges from the figures. */
        static Goal stated(String text) {
            return new Goal("goal: " + text, null);
        }

        public boolean isMet(double figure) {
            if (isMetBy == null) {
                throw new IllegalStateException("'" + text + "' has no bound to judge a figure by");
            }
            return isMetBy.test(figure);
        }

        /** The goal with its verdict on {@code figure}: "goal: p99 <= 350 ms, met" (or ", NOT met"). */
        public String verdict(double figure) {
            return text + (isMet(figure) ? ", met" : ", NOT met");
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

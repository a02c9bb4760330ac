package io.ckbridge.ops.repair;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;

/**
 * One segment repaired with Cassandra's own repair, over JMX as {@code nodetool repair -st -et}
 * does: {@code StorageService.repairAsync} with the segment's ranges, then its progress
 * notifications ({@code repair:<command>}) until COMPLETE; an ERROR or ABORT before it fails the
 * segment, and a segment still running at the timeout has the node's repair sessions ended.
 */
public final class SegmentRepair {
    private static final ObjectName STORAGE = storage();
    // Cassandra's ProgressEventType, sent as its ordinal
    private static final int ERROR = 2;
    private static final int ABORT = 3;
    private static final int COMPLETE = 5;

    /** How a segment's repair ended. */
    public enum Outcome { SUCCESS, FAILED, TIMED_OUT, STOPPED }

    /** @param command Cassandra's repair command number (0: nothing to repair) */
    public record Result(Outcome outcome, int command, Duration took, String message) {
    }

    /** Cassandra's parallelism names: sequential, parallel, dc_parallel. */
    public record Options(String keyspace, List<String> tables, String parallelism, boolean incremental) {
    }

    private SegmentRepair() {
    }

    public static Result run(MBeanServerConnection mbeans, Options options, Segment segment, Duration timeout)
            throws IOException, JMException, InterruptedException {
        return run(mbeans, options, segment, timeout, () -> true);
    }

    /**
     * As {@link #run(MBeanServerConnection, Options, Segment, Duration)}, asking {@code keepGoing}
     * every second while the repair runs (it renews leases, and says false when the run was
     * aborted: the node's repair sessions are then ended and the outcome is STOPPED).
     */
    public static Result run(MBeanServerConnection mbeans, Options options, Segment segment, Duration timeout,
            BooleanSupplier keepGoing) throws IOException, JMException, InterruptedException {
        long start = System.nanoTime();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicReference<String> command = new AtomicReference<>();
        CountDownLatch complete = new CountDownLatch(1);
        Map<String, List<Notification>> early = new HashMap<>();
        NotificationListener listener = (notification, handback) -> {
            if (!"progress".equals(notification.getType()) || !(notification.getUserData() instanceof Map<?, ?> data)) {
                return;
            }
            synchronized (early) {
                if (command.get() == null) {
                    early.computeIfAbsent(String.valueOf(notification.getSource()), key -> new ArrayList<>())
                            .add(notification);
                    return;
                }
            }
            handle(notification, data, command.get(), failure, complete);
        };
        mbeans.addNotificationListener(STORAGE, listener, null, null);
        try {
            Map<String, String> repair = new HashMap<>();
            repair.put("ranges", segment.ranges().stream().map(range -> range.start() + ":" + range.end())
                    .collect(Collectors.joining(",")));
            repair.put("parallelism", options.parallelism());
            repair.put("incremental", Boolean.toString(options.incremental()));
            repair.put("primaryRange", "false");
            if (!options.tables().isEmpty()) {
                repair.put("columnFamilies", String.join(",", options.tables()));
            }
            int number = (Integer) mbeans.invoke(STORAGE, "repairAsync", new Object[] {options.keyspace(), repair},
                    new String[] {String.class.getName(), Map.class.getName()});
            if (number == 0) {
                return new Result(Outcome.SUCCESS, 0, took(start), "nothing to repair");
            }
            synchronized (early) {
                command.set("repair:" + number);
                for (Notification notification : early.getOrDefault(command.get(), List.of())) {
                    handle(notification, (Map<?, ?>) notification.getUserData(), command.get(), failure, complete);
                }
            }
            long deadline = start + timeout.toNanos();
            while (!complete.await(Math.min(1_000_000_000L, Math.max(0, deadline - System.nanoTime())),
                    TimeUnit.NANOSECONDS)) {
                if (!keepGoing.getAsBoolean()) {
                    terminate(mbeans);
                    return new Result(Outcome.STOPPED, number, took(start), "stopped: the node's repair sessions "
                            + "were ended");
                }
                if (System.nanoTime() >= deadline) {
                    terminate(mbeans);
                    return new Result(Outcome.TIMED_OUT, number, took(start), "still running after " + timeout
                            + ": the node's repair sessions were ended");
                }
            }
            String failed = failure.get();
            return failed == null ? new Result(Outcome.SUCCESS, number, took(start), "repaired")
                    : new Result(Outcome.FAILED, number, took(start), failed);
        } finally {
            try {
                mbeans.removeNotificationListener(STORAGE, listener);
            } catch (JMException | IOException ignored) {
                // the connection went away: nothing left to remove
            }
        }
    }

    private static void terminate(MBeanServerConnection mbeans) throws IOException, JMException {
        mbeans.invoke(STORAGE, "forceTerminateAllRepairSessions", new Object[0], new String[0]);
    }

    private static void handle(Notification notification, Map<?, ?> data, String command,
            AtomicReference<String> failure, CountDownLatch complete) {
        if (!command.equals(notification.getSource())) {
            return;
        }
        Object type = data.get("type");
        int kind = type instanceof Number number ? number.intValue() : -1;
        if (kind == ERROR || kind == ABORT) {
            failure.compareAndSet(null, notification.getMessage());
        } else if (kind == COMPLETE) {
            complete.countDown();
        }
    }

    private static Duration took(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static ObjectName storage() {
        try {
            return new ObjectName("org.apache.cassandra.db:type=StorageService");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }
}

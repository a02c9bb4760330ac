package io.ckbridge.ops.repair;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the repair engine in the background and again every 10 s until it opens (Cassandra may
 * start after ops), so the rest of ops runs meanwhile; until then {@link #notReady} says why.
 */
public final class RepairLauncher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RepairLauncher.class);
    private static final long RETRY_MS = 10_000;

    private final AtomicReference<RepairEngine> engine = new AtomicReference<>();
    private final AtomicReference<String> notReady = new AtomicReference<>("repair is starting");
    private final Thread opener;
    private volatile boolean closed;

    public RepairLauncher(Callable<RepairEngine> open) {
        opener = new Thread(() -> {
            while (!closed) {
                try {
                    RepairEngine opened = open.call();
                    if (closed) {
                        opened.close();
                        return;
                    }
                    engine.set(opened);
                    LOG.info("Repair is on: its state is in keyspace {}", opened.repairs().store().keyspace());
                    return;
                } catch (Exception e) {
                    String why = "repair cannot open its state in Cassandra yet: " + e.getMessage();
                    if (!why.equals(notReady.getAndSet(why))) {
                        LOG.warn("{} (trying again every {} s)", why, RETRY_MS / 1000);
                    }
                }
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "repair-open");
        opener.setDaemon(true);
        opener.start();
    }

    public Optional<Repairs> repairs() {
        return Optional.ofNullable(engine.get()).map(RepairEngine::repairs);
    }

    public String notReady() {
        return notReady.get();
    }

    @Override
    public void close() {
        closed = true;
        opener.interrupt();
        RepairEngine opened = engine.getAndSet(null);
        if (opened != null) {
            opened.close();
        }
    }
}

package io.ckbridge.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import java.io.PrintWriter;

/** Lets compactions left by one phase of a benchmark finish before the next phase is timed. */
public final class Compactions {
    private Compactions() {
    }

    public static void awaitIdle(CqlSession session, PrintWriter out) throws InterruptedException {
        long start = System.nanoTime();
        boolean reported = false;
        while (System.nanoTime() - start < 120_000_000_000L) {
            int running = session.execute("SELECT keyspace_name FROM system_views.sstable_tasks").all().size();
            if (running == 0) {
                return;
            }
            if (!reported) {
                out.println("  (waiting for " + running + " compaction(s) to finish first)");
                out.flush();
                reported = true;
            }
            Thread.sleep(500);
        }
    }
}

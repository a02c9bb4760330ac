package io.ckbridge.ops.repair;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ckbridge.common.config.CassandraConnectionConfig.CassandraConnection;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import io.ckbridge.ops.nodes.JmxEndpoint;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Everything repair needs, opened together and closed together: a CQL session for the state,
 * JMX to the nodes, the store, the runner and {@link Repairs}.
 */
public final class RepairEngine implements AutoCloseable {
    private final CqlSession session;
    private final RepairNodes nodes;
    private final RepairRunner runner;
    private final Repairs repairs;

    /** Opens the state keyspace (created on first use) and starts the runner on the runs {@code drives} picks. */
    public static RepairEngine open(CassandraConnection connection, String stateKeyspace, String replication,
            List<JmxEndpoint> jmx, String jmxUsername, String jmxPassword, RepairSettings settings,
            Predicate<UUID> drives) {
        return over(SessionFactory.open(connection, "bridge-repair", SessionTuning.NONE), stateKeyspace, replication,
                jmx, jmxUsername, jmxPassword, settings, drives);
    }

    /** As {@link #open}, on a session it takes over (and closes). */
    public static RepairEngine over(CqlSession session, String stateKeyspace, String replication,
            List<JmxEndpoint> jmx, String jmxUsername, String jmxPassword, RepairSettings settings,
            Predicate<UUID> drives) {
        try {
            RepairStore store = new RepairStore(session, stateKeyspace, replication);
            RepairNodes nodes = new RepairNodes(jmx, jmxUsername, jmxPassword);
            RepairRunner runner = new RepairRunner(store, nodes, settings, drives);
            return new RepairEngine(session, nodes, runner, new Repairs(session, store, nodes, runner));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private RepairEngine(CqlSession session, RepairNodes nodes, RepairRunner runner, Repairs repairs) {
        this.session = session;
        this.nodes = nodes;
        this.runner = runner;
        this.repairs = repairs;
        runner.start();
    }

    public Repairs repairs() {
        return repairs;
    }

    @Override
    public void close() {
        runner.close();
        nodes.close();
        session.close();
    }
}

package io.ckbridge.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.sandbox.CdcPublisherProcess;
import io.ckbridge.sandbox.Sandbox;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A CDC table dropped while its last changes still wait in cdc_raw: the publisher finds the table
 * gone from its node's schema, keeps those mutations aside at once and publishes the later ones
 * of other tables without the 5-minute hold meant for mutations it cannot read.
 */
@BridgeSandbox
class CdcDroppedTableIT {
    private static final String KS = "cdc_dropped";

    @Test
    void changesBehindADroppedTableArePublishedAtOnceAndTheDroppedOnesKeptAside(Sandbox sandbox) throws Exception {
        Clients.createKeyspace(sandbox, KS);
        Clients.execute(sandbox, "CREATE TABLE " + KS + ".gone (id int PRIMARY KEY, v text) WITH cdc = true",
                "CREATE TABLE " + KS + ".kept (id int PRIMARY KEY, v text) WITH cdc = true");
        CdcPublisherProcess publisher = sandbox.cdcPublishers().get(0);
        publisher.stop();
        try (CqlSession session = Clients.cql(sandbox)) {
            for (int id = 0; id < 5; id++) {
                session.execute("INSERT INTO " + KS + ".gone (id, v) VALUES (" + id + ", 'before the drop')");
            }
            session.execute("DROP TABLE " + KS + ".gone");
            for (int id = 0; id < 3; id++) {
                session.execute("INSERT INTO " + KS + ".kept (id, v) VALUES (" + id + ", 'after the drop')");
            }
        } finally {
            sandbox.start(line -> { });
        }

        // the hold for an unreadable mutation is 300 s: these come well within RawChanges' 120 s
        assertThat(RawChanges.await(sandbox, KS, "kept", 3, change -> true)).hasSize(3);
        assertThat(Files.readString(publisher.logFile())).contains("is not in the node's schema read after its "
                + "mutations were written: it was dropped");
        assertThat(publisher.metric("cdc_publisher_dropped_table_mutations_total").orElseThrow())
                .isGreaterThanOrEqualTo(5);
        assertThat(publisher.metric("cdc_publisher_quarantined_mutations_total")).as("not a fault").hasValue(0);
    }
}

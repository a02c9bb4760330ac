package io.ckbridge.it.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import org.junit.jupiter.api.Test;

@BridgeSandbox
class ConnectPluginsIT {

    @Test
    void theWorkerListsTheProjectsConnectorsFromTheirPluginFolders(Sandbox sandbox) {
        assertThat(Connectors.client(sandbox).pluginClasses())
                .contains("io.ckbridge.sink.CassandraSinkConnector", "io.ckbridge.source.CassandraSourceConnector");
    }
}

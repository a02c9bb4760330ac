package io.ckbridge.cdc.config;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.cassandra.config.Config;
import org.apache.cassandra.config.DatabaseDescriptor;

/**
 * What the publisher takes from its node's cassandra.yaml: the commit-log and cdc_raw folders,
 * cdc_total_space, and the addresses and data centre it defaults to.
 *
 * @param cqlAddress the node's own CQL address (rpc_address, else listen_address, and its native port)
 */
public record NodeYaml(Path cdcRaw, Path commitLog, long cdcTotalSpaceBytes, String listenAddress, String cqlAddress,
                       String localDatacenter) {

    /** Reads the yaml through Cassandra's own loader, as the node does (also readying its classes to decode). */
    public static NodeYaml read(Path yaml) {
        if (!Files.isRegularFile(yaml)) {
            throw new IllegalArgumentException("No such file: " + yaml + " (" + PublisherConfig.CASSANDRA_YAML + ")");
        }
        System.setProperty("cassandra.config", yaml.toUri().toString());
        DatabaseDescriptor.toolInitialization();
        // tool initialisation leaves the addresses unresolved: read them as written in the yaml
        Config config = DatabaseDescriptor.getRawConfig();
        String listen = config.listen_address != null ? config.listen_address : "127.0.0.1";
        String rpc = config.rpc_address != null ? config.rpc_address : listen;
        return new NodeYaml(Path.of(DatabaseDescriptor.getCDCLogLocation()),
                Path.of(DatabaseDescriptor.getCommitLogLocation()),
                DatabaseDescriptor.getCDCTotalSpace(), listen, rpc + ":" + config.native_transport_port,
                DatabaseDescriptor.getLocalDataCenter());
    }
}

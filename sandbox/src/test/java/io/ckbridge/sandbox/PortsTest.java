package io.ckbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void aSandboxOnFreePortsGetsDistinctPortsBelowTheEphemeralRange() throws Exception {
        SandboxSettings settings = SandboxSettings.onFreePorts(3);
        List<Integer> ports = new ArrayList<>();
        ports.add(settings.cassandraPort());
        ports.add(settings.storagePort());
        for (int i = 0; i < 3; i++) {
            ports.add(settings.jmxPort() + i);
            ports.add(settings.cdcMetricsPort() + i);
        }
        ports.add(settings.kafkaPort());
        ports.add(settings.kafkaPort() + 1);
        ports.add(settings.connectPort());
        ports.add(settings.materializerPort());
        ports.add(settings.opsPort());
        assertThat(new HashSet<>(ports)).hasSameSizeAs(ports);
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (Files.isReadable(range)) {
            int ephemeral = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
            assertThat(ports).allMatch(port -> port >= 20_000 && port < ephemeral);
        }
    }
}

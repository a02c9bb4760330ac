package io.ckbridge.cli;

import picocli.CommandLine;

/** Version from the jar manifest. */
public final class BridgeVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = BridgeCli.class.getPackage().getImplementationVersion();
        String bridge = "bridge " + (version == null ? "(development build)" : version);
        return new String[] {bridge + " on Java " + Runtime.version()};
    }
}

package io.ckbridge.sandbox;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --dir} option (a picocli mixin): which sandbox folder a command works on. */
public final class SandboxDir {
    @Option(names = "--dir", paramLabel = "DIR", description = "Sandbox folder (default: ${DEFAULT-VALUE}).",
            defaultValue = ".bridge/sandbox")
    public Path dir;

    /** Settings of the sandbox started in --dir, or the defaults when none was. */
    public SandboxSettings settings() {
        return Sandbox.savedSettings(dir).orElse(SandboxSettings.defaults());
    }

    /** How to reach the sandbox started in --dir (secure or not), or a default one when none was. */
    public SandboxAccess access() {
        return new SandboxAccess(new SandboxLayout(dir), settings());
    }
}

package io.ckbridge.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads and writes a sandbox's {@code sandbox.json}. */
final class SettingsFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SettingsFile() {
    }

    static Optional<SandboxSettings> read(SandboxLayout layout) {
        Path file = layout.settingsFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), SandboxSettings.class));
        } catch (IOException e) {
            throw new SandboxException("Cannot read " + file + ": " + e.getMessage()
                    + ". Fix or delete it (the data folders stay).", e);
        }
    }

    static void write(SandboxLayout layout, SandboxSettings settings) {
        try {
            JSON.writeValue(layout.settingsFile().toFile(), settings);
        } catch (IOException e) {
            throw new SandboxException("Cannot write " + layout.settingsFile() + ": " + e.getMessage(), e);
        }
    }
}

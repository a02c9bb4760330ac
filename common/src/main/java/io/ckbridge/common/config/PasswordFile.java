package io.ckbridge.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --password-file}: a password read from a file (its first line), so it is never on a
 * command line that {@code ps} shows to every user of the machine.
 */
public final class PasswordFile {
    private PasswordFile() {
    }

    /** The password in {@code file}, or null when no file is given. */
    public static String read(Path file) throws IOException {
        if (file == null) {
            return null;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            String line = newline < 0 ? text : text.substring(0, newline);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new IOException("Cannot read the password file " + file + ": " + e.getMessage(), e);
        }
    }
}

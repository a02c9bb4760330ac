package io.ckbridge.ops.findings.logs;

import java.util.Locale;

/** Which server wrote a log, told by the file's name (the sandbox's, or the servers' usual ones). */
public enum LogSource {
    CASSANDRA, KAFKA, CONNECT, MATERIALIZER, PUBLISHER, OTHER;

    public static LogSource ofFile(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.startsWith("cassandra") || name.equals("system.log") || name.equals("debug.log")) {
            return CASSANDRA;
        }
        if (name.startsWith("connect")) {
            return CONNECT;
        }
        if (name.startsWith("kafka") || name.startsWith("server.log") || name.startsWith("controller.log")) {
            return KAFKA;
        }
        if (name.startsWith("materializer")) {
            return MATERIALIZER;
        }
        if (name.startsWith("cdc-publisher") || name.startsWith("publisher")) {
            return PUBLISHER;
        }
        return OTHER;
    }
}

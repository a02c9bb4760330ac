package io.ckbridge.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port checks done before a server starts, so a busy port is reported instead of a crash. */
public final class Ports {
    private Ports() {
    }

    public static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean isListening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port the OS reports free now; {@code count} consecutive ones when a server needs a pair. */
    public static int freePort(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                base = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (base + count > 65535) {
                continue;
            }
            boolean allFree = true;
            for (int i = 0; i < count && allFree; i++) {
                allFree = isFree("127.0.0.1", base + i) && isFree("127.0.0.2", base + i)
                        && isFree("127.0.0.3", base + i);
            }
            if (allFree) {
                return base;
            }
        }
        throw new SandboxException("Could not find " + count + " free consecutive ports on loopback.");
    }

    static void requireFree(String server, String host, int port, String option) {
        if (!isFree(host, port)) {
            throw new SandboxException(server + ": port " + port + " on " + host
                    + " is already in use by another process. Stop that process or choose another port with "
                    + option + ".");
        }
    }
}

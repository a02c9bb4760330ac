package io.ckbridge.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Port checks done before a server starts, so a busy port is reported instead of a crash. */
public final class Ports {
    private static final int LOWEST = 20_000;

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

    /**
     * A port free now; {@code count} consecutive ones when a server needs a pair. Taken below the
     * OS's ephemeral range (Linux: {@code ip_local_port_range}, 32768 up by default): a port the OS
     * hands out for binding port 0 is one it may also give the next outgoing connection, and a
     * sandbox's last servers start some seconds after their ports were chosen (that collision
     * failed a start).
     */
    public static int freePort(int count) {
        return freePort(count, new HashSet<>());
    }

    /** As {@link #freePort(int)}, never one of {@code taken}, to which the ports returned are added. */
    static int freePort(int count, Set<Integer> taken) {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = below > LOWEST + count ? ThreadLocalRandom.current().nextInt(LOWEST, below - count)
                    : osAssigned();
            if (base + count > 65535) {
                continue;
            }
            boolean allFree = true;
            for (int i = 0; i < count && allFree; i++) {
                allFree = !taken.contains(base + i) && isFree("127.0.0.1", base + i)
                        && isFree("127.0.0.2", base + i) && isFree("127.0.0.3", base + i);
            }
            if (allFree) {
                for (int i = 0; i < count; i++) {
                    taken.add(base + i);
                }
                return base;
            }
        }
        throw new SandboxException("Could not find " + count + " free consecutive ports on loopback.");
    }

    private static int osAssigned() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first port of the OS's ephemeral range, or 0 when it cannot be read (then the OS picks). */
    private static int ephemeralRangeStart() {
        try {
            // readAllLines: Files.readString of a procfs file (size 0) returns its first byte only
            String range = String.join(" ", Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")))
                    .trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static void requireFree(String server, String host, int port, String option) {
        if (!isFree(host, port)) {
            throw new SandboxException(server + ": port " + port + " on " + host
                    + " is already in use by another process. Stop that process or choose another port with "
                    + option + ".");
        }
    }
}

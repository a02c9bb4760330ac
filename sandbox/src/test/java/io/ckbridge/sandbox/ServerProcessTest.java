package io.ckbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {

    @TempDir
    Path dir;

    @Test
    void everyThreadOfTheServerRunsWithItsTimerSlack() throws Exception {
        SleepingServer server = new SleepingServer(new SandboxLayout(dir), 700_000);
        Process process = launch(server);
        try {
            List<Long> slacks = threads(process.pid()).stream().map(ServerProcessTest::timerSlack).toList();

            assertThat(slacks).isNotEmpty().allMatch(slack -> slack == 700_000L);
            assertThat(server.running()).isPresent(); // the pid file names the JVM itself, not the shell
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void withoutTimerSlackTheServerKeepsTheSystemDefault() throws Exception {
        Process process = launch(new SleepingServer(new SandboxLayout(dir), 0));
        try {
            assertThat(timerSlack(process.pid())).isEqualTo(timerSlack(ProcessHandle.current().pid()));
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void everyThreadAndTheSessionOfTheServerRunWithItsNiceValue() throws Exception {
        // A lowered priority (a positive value) needs no privilege, so the test holds for any user.
        SleepingServer server = new SleepingServer(new SandboxLayout(dir), 0, 7);
        Process process = launch(server);
        try {
            List<Integer> nices = threads(process.pid()).stream().map(tid -> nice(process.pid(), tid)).toList();

            assertThat(nices).isNotEmpty().allMatch(nice -> nice == 7);
            Path autogroup = Path.of("/proc/" + process.pid() + "/autogroup");
            if (Files.exists(autogroup)) {
                assertThat(Files.readString(autogroup)).endsWith("nice 7\n");
            }
            assertThat(server.running()).isPresent();
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void withoutNiceValueTheServerRunsAtTheDefaultPriority() throws Exception {
        Process process = launch(new SleepingServer(new SandboxLayout(dir), 0, 0));
        try {
            assertThat(nice(process.pid(), process.pid())).isEqualTo(nice(ProcessHandle.current().pid(),
                    ProcessHandle.current().pid()));
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * Starts the server and waits for the JVM's own threads (main, GC, compiler), started from the launcher thread
     * after exec.
     */
    private static Process launch(SleepingServer server) {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/timerslack_ns")), "Linux only");
        Process process = server.launch(JavaRuntime.java17(), new BridgeHome(server.layout.root()));
        await().atMost(Duration.ofSeconds(20)).until(() -> threads(process.pid()).size() > 5);
        return process;
    }

    private static List<Long> threads(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.map(task -> Long.parseLong(task.getFileName().toString())).toList();
        }
    }

    private static long timerSlack(long tid) {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/" + tid + "/timerslack_ns")).trim());
        } catch (IOException e) {
            return -1; // the thread ended meanwhile
        }
    }

    /**
     * The nice value of a thread: field 19 of its stat line (fields counted after the command name's closing
     * parenthesis).
     */
    private static int nice(long pid, long tid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (IOException e) {
            return Integer.MIN_VALUE; // the thread ended meanwhile
        }
    }

    /** A JVM that does nothing for a minute: enough to look at its threads. */
    private static final class SleepingServer extends ServerProcess {
        private final long slack;
        private final int nice;

        SleepingServer(SandboxLayout layout, long slack) {
            this(layout, slack, 0);
        }

        SleepingServer(SandboxLayout layout, long slack, int nice) {
            super("sleeper", layout, SandboxSettings.defaults());
            this.slack = slack;
            this.nice = nice;
            try {
                Files.createDirectories(layout.run());
                Files.createDirectories(layout.logs());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        long timerSlackNanos() {
            return slack;
        }

        @Override
        int cpuNice() {
            return nice;
        }

        @Override
        public String address() {
            return "none";
        }

        @Override
        void requirePortsFree() {
        }

        @Override
        void prepare(JavaRuntime java, BridgeHome home) {
        }

        @Override
        List<String> jvmOptions(BridgeHome home) {
            return List.of("-Xmx32m");
        }

        @Override
        String classpath(BridgeHome home) {
            return System.getProperty("java.class.path");
        }

        @Override
        String mainClass() {
            return Sleeper.class.getName();
        }

        @Override
        List<String> arguments() {
            return List.of();
        }

        @Override
        boolean isReady() {
            return true;
        }
    }

    /** Main class of the sleeping server. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(60_000);
        }
    }
}

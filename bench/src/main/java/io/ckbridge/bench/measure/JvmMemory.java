package io.ckbridge.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Heap use (via jcmd) and resident memory of a server JVM, sampled while a benchmark runs. */
public final class JvmMemory {
    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private final long pid;
    private long maxHeapUsedKb;
    private long maxRssKb;

    public JvmMemory(long pid) {
        this.pid = pid;
    }

    public void sample() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String text = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(10, TimeUnit.SECONDS);
            Matcher matcher = HEAP.matcher(text);
            if (matcher.find()) {
                maxHeapUsedKb = Math.max(maxHeapUsedKb, Long.parseLong(matcher.group(2)));
            }
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    maxRssKb = Math.max(maxRssKb, Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException e) {
            // the figures are informative; a failed sample leaves the previous maximum
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long maxHeapUsedMb() {
        return maxHeapUsedKb / 1024;
    }

    public long maxRssMb() {
        return maxRssKb / 1024;
    }
}

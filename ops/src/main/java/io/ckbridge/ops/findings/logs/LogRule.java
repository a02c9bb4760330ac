package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Evidence;
import io.ckbridge.ops.findings.Finding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of trouble a server's log shows. It keeps the lines that match its pattern (the newest
 * {@value #KEPT}), each with its subject (a table, a task) and figure (a pause's ms, a count), and
 * judges those within the window asked for: a line older than that no longer makes a finding.
 */
public abstract class LogRule {
    static final int KEPT = 500;
    /** Lines cited per finding: the first and the newest ones. */
    private static final int CITED = 4;

    private final String rule;
    private final Set<LogSource> sources;
    private final Pattern pattern;
    private final Deque<Hit> hits = new ArrayDeque<>();
    private int following;
    private Hit open;
    private int openLeft;

    /**
     * A matched line, what it is about and its figure (0 when it has none); {@code after} the
     * lines that followed it in its file, as many as the rule keeps (an exception's first lines).
     */
    public record Hit(LogLine line, String subject, double figure, List<String> after) {
        public Hit(LogLine line, String subject, double figure) {
            this(line, subject, figure, new ArrayList<>());
        }
    }

    protected LogRule(String rule, Pattern pattern, LogSource... sources) {
        this.rule = rule;
        this.pattern = pattern;
        this.sources = Set.of(sources);
    }

    public String rule() {
        return rule;
    }

    protected final Pattern pattern() {
        return pattern;
    }

    /** Keeps the {@code lines} after each hit with it (the exception a failure line announces). */
    protected final void keepFollowing(int lines) {
        this.following = lines;
    }

    /** Whether a hit counts only within the window (else the newest counts whatever its age: a setting). */
    protected boolean windowed() {
        return true;
    }

    final void offer(LogLine line) {
        if (!sources.contains(line.source())) {
            return;
        }
        if (open != null && open.line().file().equals(line.file()) && openLeft > 0) {
            open.after().add(line.text().strip());
            openLeft--;
            return;
        }
        open = null;
        Matcher matcher = pattern.matcher(line.text());
        if (matcher.find()) {
            Hit hit = hit(line, matcher);
            if (hit != null) {
                hits.addLast(hit);
                if (hits.size() > KEPT) {
                    hits.removeFirst();
                }
                if (following > 0) {
                    open = hit;
                    openLeft = following;
                }
            }
        }
    }

    /** The hit a matching line makes; null to leave it out. By default its subject is its file. */
    protected Hit hit(LogLine line, Matcher matcher) {
        return new Hit(line, line.file(), 0);
    }

    /** The findings of the hits since {@code sinceMs}, grouped by subject (in the order first seen). */
    public final List<Finding> findings(long sinceMs, long nowMs) {
        Map<String, List<Hit>> bySubject = new LinkedHashMap<>();
        for (Hit hit : hits) {
            if (!windowed() || hit.line().timeMs() >= sinceMs) {
                bySubject.computeIfAbsent(hit.subject(), subject -> new ArrayList<>()).add(hit);
            }
        }
        List<Finding> findings = new ArrayList<>();
        bySubject.forEach((subject, subjectHits) -> {
            Finding finding = judge(subject, subjectHits, nowMs);
            if (finding != null) {
                findings.add(finding);
            }
        });
        return findings;
    }

    /** The finding of one subject's hits (oldest first), or null when they make none. */
    protected abstract Finding judge(String subject, List<Hit> hits, long nowMs);

    /** The id of a subject's finding: stable while it holds. */
    protected String id(String subject) {
        return rule + ":" + subject;
    }

    /** The first lines and the newest, cited as they are with their file:line. */
    protected static List<Evidence> cite(List<Hit> hits) {
        List<Hit> cited = new ArrayList<>();
        if (hits.size() <= CITED) {
            cited.addAll(hits);
        } else {
            cited.addAll(hits.subList(0, CITED / 2));
            cited.addAll(hits.subList(hits.size() - CITED / 2, hits.size()));
        }
        List<Evidence> evidence = new ArrayList<>();
        for (Hit hit : cited) {
            String text = hit.line().text().strip();
            evidence.add(Evidence.logLine(hit.line().where(), hit.after().isEmpty() ? text
                    : text + " | " + String.join(" | ", hit.after())));
        }
        if (hits.size() > CITED) {
            evidence.add(2, Evidence.fact("… " + (hits.size() - CITED) + " more such line(s) between"));
        }
        return evidence;
    }

    protected static long firstTime(List<Hit> hits) {
        return hits.get(0).line().timeMs();
    }

    protected static double maxFigure(List<Hit> hits) {
        return hits.stream().mapToDouble(Hit::figure).max().orElse(0);
    }

    protected static double sumFigure(List<Hit> hits) {
        return hits.stream().mapToDouble(Hit::figure).sum();
    }
}

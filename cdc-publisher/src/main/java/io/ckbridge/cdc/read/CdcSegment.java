package io.ckbridge.cdc.read;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A commit-log segment linked into cdc_raw, and its index file. */
public record CdcSegment(long id, Path log, Path index) {
    private static final Pattern NAME = Pattern.compile("CommitLog-(\\d+)-(\\d+)\\.log");

    /** The segment of a cdc_raw file name, or null for other files. */
    public static CdcSegment of(Path file) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            return null;
        }
        String base = file.getFileName().toString().replace(".log", "");
        return new CdcSegment(Long.parseLong(matcher.group(2)), file, file.resolveSibling(base + "_cdc.idx"));
    }
}

package io.ckbridge.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.cdc.damage.AcceptedLosses;
import io.ckbridge.cdc.damage.DamageRegister;
import io.ckbridge.cdc.damage.SegmentDamage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DamageCommandsTest {
    @TempDir
    Path stateDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new CdcPublisherMain());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void skipSegmentShowsWhatIsLostAndRecordsTheDecision() {
        new DamageRegister(stateDir).hold(SegmentDamage.found(42, stateDir.resolve("CommitLog-7-42.log"), 1000, 5000,
                List.of("Mutation checksum failure at 1000")));

        assertThat(run("damaged-segments", "--state-dir", stateDir.toString())).isZero();
        assertThat(out.toString()).contains("segment 42").contains("4000 bytes unread")
                .contains("Mutation checksum failure at 1000");
        assertThat(new AcceptedLosses(stateDir).isAccepted(42)).isFalse();

        assertThat(run("skip-segment", "--state-dir", stateDir.toString(), "--segment", "42", "--reason",
                "restored from nowhere")).isZero();
        assertThat(out.toString()).contains("Loss accepted");
        assertThat(new AcceptedLosses(stateDir).isAccepted(42)).isTrue();
    }

    @Test
    void aSegmentThatIsNotHeldCannotBeSkipped() {
        assertThat(run("skip-segment", "--state-dir", stateDir.toString(), "--segment", "7")).isEqualTo(1);
        assertThat(err.toString()).contains("Segment 7 is not held as damaged").contains("Nothing skipped");
        assertThat(new AcceptedLosses(stateDir).isAccepted(7)).isFalse();
    }
}

package io.ckbridge.cdc.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index file as Cassandra 5.0 writes it ("offset", then "offset\nCOMPLETED", rewritten in place)
 * and as a reader may catch it mid-write.
 */
class CdcIndexTest {
    @TempDir
    Path cdcRaw;

    @Test
    void anOffsetAloneIsASegmentStillBeingWritten() throws IOException {
        assertThat(read("4096")).contains(new CdcIndex(4096, false));
    }

    @Test
    void anOffsetThenCompletedIsAFullSegment() throws IOException {
        assertThat(read("33554432\nCOMPLETED")).contains(new CdcIndex(33554432, true));
    }

    @Test
    void anEmptyFileIsCaughtBeforeItsFirstWrite() throws IOException {
        assertThat(read("")).isEmpty();
        assertThat(read("\n")).isEmpty();
    }

    @Test
    void aHalfWrittenCompletedIsNotTakenForEither() throws IOException {
        assertThat(read("4096\nCOMP")).isEmpty();
        assertThat(read("4096\ncompleted")).isEmpty();
        assertThat(read("4096\n")).as("the word not written yet: still open").contains(new CdcIndex(4096, false));
    }

    @Test
    void anOffsetThatIsNoNumberIsNotTrusted() throws IOException {
        assertThat(read("40x6")).isEmpty();
        assertThat(read("-")).isEmpty();
        assertThat(read("99999999999")).as("beyond an int").isEmpty();
    }

    @Test
    void aMissingFileIsNoIndexYet() {
        assertThat(CdcIndex.read(cdcRaw.resolve("CommitLog-7-1_cdc.idx")).state()).isEqualTo(CdcIndex.State.MISSING);
    }

    @Test
    void aFileThatExistsButHoldsNoOffsetIsUnreadableNotMissing() throws IOException {
        Path index = cdcRaw.resolve("CommitLog-7-1_cdc.idx");
        Files.writeString(index, "40");
        Files.writeString(index, "");

        CdcIndex.Reading reading = CdcIndex.read(index);

        assertThat(reading.state()).isEqualTo(CdcIndex.State.UNREADABLE);
        assertThat(reading.problem()).contains("CommitLog-7-1_cdc.idx").contains("mid-write");
    }

    @Test
    void aFileThatCannotBeReadIsUnreadable() throws IOException {
        Path index = Files.createDirectory(cdcRaw.resolve("CommitLog-7-1_cdc.idx"));

        assertThat(CdcIndex.read(index).state()).isEqualTo(CdcIndex.State.UNREADABLE);
    }

    @Test
    void trailingWhitespaceAndNewlinesAreIgnored() throws IOException {
        assertThat(read(" 4096 \n")).contains(new CdcIndex(4096, false));
        assertThat(read("4096\nCOMPLETED\n")).contains(new CdcIndex(4096, true));
        assertThat(read("4096\r\nCOMPLETED\r\n")).contains(new CdcIndex(4096, true));
        assertThat(read("4096\nCOMPLETED \n\n")).contains(new CdcIndex(4096, true));
    }

    private Optional<CdcIndex> read(String text) throws IOException {
        Path index = cdcRaw.resolve("CommitLog-7-1_cdc.idx");
        Files.writeString(index, text);
        CdcIndex.Reading reading = CdcIndex.read(index);
        assertThat(reading.state()).isNotEqualTo(CdcIndex.State.MISSING);
        return Optional.ofNullable(reading.index());
    }
}

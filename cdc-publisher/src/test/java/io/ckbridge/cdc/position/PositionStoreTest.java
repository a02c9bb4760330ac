package io.ckbridge.cdc.position;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PositionStoreTest {
    @TempDir
    Path stateDir;

    @Test
    void withoutAFileThePublisherStartsAtTheOldestSegment() {
        assertThat(new PositionStore(stateDir).load()).isEqualTo(SegmentPosition.START);
    }

    @Test
    void aSavedPositionIsLoadedBackByAnotherStore() {
        new PositionStore(stateDir).save(new SegmentPosition(1_795_648_891_458L, 214_979));

        assertThat(new PositionStore(stateDir).load()).isEqualTo(new SegmentPosition(1_795_648_891_458L, 214_979));
    }

    @Test
    void saveCreatesTheStateDirectory() {
        Path nested = stateDir.resolve("a").resolve("b");

        new PositionStore(nested).save(new SegmentPosition(3, 4));

        assertThat(new PositionStore(nested).load()).isEqualTo(new SegmentPosition(3, 4));
    }

    @Test
    void aLaterSaveReplacesTheEarlierOneAndLeavesNoTemporaryFile() throws IOException {
        PositionStore store = new PositionStore(stateDir);
        store.save(new SegmentPosition(1_795_648_891_458L, 999_999));
        store.save(new SegmentPosition(1_795_648_891_459L, 7));

        assertThat(store.load()).isEqualTo(new SegmentPosition(1_795_648_891_459L, 7));
        try (Stream<Path> files = Files.list(stateDir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("position.properties");
        }
    }

    @Test
    void aCorruptFileNamesItselfAndSaysWhatToDo() throws IOException {
        Path file = stateDir.resolve("position.properties");
        Files.writeString(file, "segment=17\noffset=twelve\n");

        assertThatThrownBy(() -> new PositionStore(stateDir).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("twelve")
                .hasMessageContaining("Fix or delete it");
    }

    @Test
    void aFileWithoutTheOffsetIsCorruptToo() throws IOException {
        Files.writeString(stateDir.resolve("position.properties"), "segment=17\n");

        assertThatThrownBy(() -> new PositionStore(stateDir).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("position.properties");
    }

    @Test
    void positionsOrderBySegmentThenOffset() {
        SegmentPosition early = new SegmentPosition(5, 900);
        SegmentPosition sameSegmentLater = new SegmentPosition(5, 901);
        SegmentPosition nextSegment = new SegmentPosition(6, 0);

        assertThat(early).isLessThan(sameSegmentLater);
        assertThat(sameSegmentLater).isLessThan(nextSegment);
        assertThat(early.compareTo(new SegmentPosition(5, 900))).isZero();
        assertThat(SegmentPosition.START).isLessThan(new SegmentPosition(0, 0));
        assertThat(SegmentPosition.START).isLessThan(new SegmentPosition(Long.MIN_VALUE, 1));
        assertThat(new SegmentPosition(Long.MAX_VALUE, 0))
                .isGreaterThan(new SegmentPosition(Long.MIN_VALUE, Integer.MAX_VALUE));
    }
}

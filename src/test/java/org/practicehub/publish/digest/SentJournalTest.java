package org.practicehub.publish.digest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SentJournalTest {

    @TempDir
    Path dir;

    @Test
    void linesComeBackButATornLastOneAndTheFileIsEmptiedAfterACheckpointWhenNoRunIsLeft() throws Exception {
        AtomicInteger checkpoints = new AtomicInteger();
        Path file = dir.resolve("data/digest-journal");
        SentJournal j = new SentJournal(file, checkpoints::incrementAndGet);
        SentJournal.Entry member = new SentJournal.Entry(7, "weekly", "sub-1", "ana@example.org", 42, "sent", "<m1@hub>", 3);
        SentJournal.Entry fixed = new SentJournal.Entry(7, "weekly", null, "list@example.org", 42, "sent", null, 5);
        j.runStarted();
        j.runStarted();
        j.sent(member);
        j.sent(fixed);
        // the process killed in the middle of a line
        Files.writeString(file, "7\tweekly\tsub-2\tben@exa", java.nio.file.StandardOpenOption.APPEND);
        assertThat(new SentJournal(file, () -> { }).read()).containsExactly(member, fixed);

        j.runEnded();
        assertThat(file).exists();
        assertThat(checkpoints).hasValue(0);
        j.runEnded();
        assertThat(checkpoints).hasValue(1);
        assertThat(file).doesNotExist();
        assertThat(j.read()).isEmpty();
    }
}

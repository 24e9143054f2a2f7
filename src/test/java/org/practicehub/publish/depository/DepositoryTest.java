package org.practicehub.publish.depository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.mapping.Mapped;
import org.practicehub.matching.Thresholds;
import org.practicehub.model.Practice;
import org.practicehub.source.Kind;
import org.practicehub.source.SourceDef;
import org.practicehub.source.SourceOptions;
import org.practicehub.store.Db;
import org.practicehub.store.PracticeStore;

/** A first publish large enough to be written in two halves at once, on a real H2 store and folder. */
class DepositoryTest {

    static final SourceDef SOURCE = new SourceDef("partner", "AP-MagNet", Kind.JSON, "x", null, "$[*]", "en", true, Map.of(), Map.of(),
            Map.of(), SourceOptions.NONE, Path.of("mappings/partner.yaml"));

    @TempDir
    Path dir;
    Db db;
    PracticeStore store;

    @BeforeEach
    void open() {
        db = new Db("jdbc:h2:file:" + dir.resolve("db").resolve("hub"), "sa", "");
        store = new PracticeStore(db, Clock.systemUTC(), new Thresholds(0.80, 0.60, false), List.of("AP-MagNet"));
        // distinct titles of random words: one source, so nothing merges
        Random r = new Random(3);
        List<Mapped> batch = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            StringBuilder title = new StringBuilder();
            for (int w = 0; w < 6; w++) {
                title.append(w == 0 ? "" : " ").append("w").append(r.nextInt(5000));
            }
            Practice p = new Practice(Practice.SCHEMA_VERSION, null, title.toString(), "Summary " + i, null, List.of(), null, List.of(),
                    List.of(), null, List.of(), List.of(), List.of(), List.of(), null, null, null, null, null, List.of(), "en", List.of(), null,
                    null, null);
            batch.add(new Mapped("r-" + i, null, null, null, p));
        }
        store.saveAll(SOURCE, batch);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Depository depository() {
        return new Depository(store, dir.resolve("depository"), "http://hub.example", "Practice Hub", 50, "depository");
    }

    @Test
    void writesEveryPracticeOnceThenLeavesThemAlone() throws IOException {
        Map<String, Object> first = depository().publish();
        assertThat(first).containsEntry("practices", 1200).containsEntry("changed", 1200).containsEntry("filesWritten", 1203)
                .containsEntry("filesUnchanged", 0);
        try (Stream<Path> files = Files.list(dir.resolve("depository").resolve("practices"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".json")).count()).isEqualTo(1200);
        }
        for (String id : store.summaries().stream().map(PracticeStore.Summary::id).toList()) {
            assertThat(Files.readString(dir.resolve("depository").resolve("practices").resolve(id + ".json"))).contains("\"id\" : \"" + id + "\"");
        }
        // nothing changed since: nothing to write
        assertThat(depository().publish()).containsEntry("changed", 0).containsEntry("filesWritten", 0);
    }

    @Test
    void aFileThatCannotBeWrittenInTheSecondHalfFailsThePublish() throws IOException {
        // in the order the depository takes them: the last one is in the half the helper thread writes
        List<String> ids = store.summaries().stream().map(PracticeStore.Summary::id).toList();
        // a folder where that practice's file goes: reading or replacing it fails
        String last = ids.get(ids.size() - 1);
        Files.createDirectories(dir.resolve("depository").resolve("practices").resolve(last + ".json").resolve("inside"));
        assertThatThrownBy(() -> depository().publish()).isInstanceOf(UncheckedIOException.class).hasMessageContaining(last);
    }

    @Test
    void whenTheFirstHalfFailsThePublishEndsOnlyAfterTheOtherHalf() throws IOException {
        String first = store.summaries().get(0).id();
        Files.createDirectories(dir.resolve("depository").resolve("practices").resolve(first + ".json").resolve("inside"));
        assertThatThrownBy(() -> depository().publish()).isInstanceOf(UncheckedIOException.class).hasMessageContaining(first);
        // no write of this publish is still under way: a later publish would otherwise meet older documents landing
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("depository-writer") && t.isAlive());
    }
}

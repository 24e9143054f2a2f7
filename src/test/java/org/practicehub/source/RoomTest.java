package org.practicehub.source;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One poll with a large document at a time; small documents never wait; the room always comes back. */
class RoomTest {

    private final Room room = new Room(1000);

    @Test
    void aSecondLargeDocumentWaitsUntilTheFirstPollIsOver() throws Exception {
        Room.Hold first = room.open("a");
        first.admit(5000);
        assertThat(first.held()).isTrue();
        Room.Hold second = room.open("b");
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> second.admit(2000));
        await().atMost(5, TimeUnit.SECONDS).until(() -> room.waits() == 1);
        assertThat(waiting).isNotDone();
        // small documents of other polls pass meanwhile, and the holder's own next pages too
        Room.Hold small = room.open("c");
        small.admit(999);
        assertThat(small.held()).isFalse();
        first.admit(5000);
        first.close();
        waiting.get(5, TimeUnit.SECONDS);
        assertThat(second.held()).isTrue();
        assertThat(room.free()).isFalse();
        second.close();
        second.close();
        assertThat(room.free()).isTrue();
    }

    @Test
    void aPollInterruptedWhileWaitingFailsAsASourceErrorAndHoldsNothing() throws Exception {
        Room.Hold first = room.open("a");
        first.admit(5000);
        Room.Hold second = room.open("b");
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                second.admit(5000);
                failure.complete(null);
            } catch (RuntimeException e) {
                failure.complete(e);
            }
        });
        t.start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> room.waits() == 1);
        t.interrupt();
        assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(SourceException.class).hasMessageContaining("interrupted");
        assertThat(second.held()).isFalse();
        first.close();
        assertThat(room.free()).isTrue();
    }

    @Test
    void aPollsDocumentsCountTogether() {
        // the files of a CSV drop: the poll keeps all their records until it stores them (an API's pages forget, PagedRecordsTest)
        Room.Hold pages = room.open("api");
        pages.admit(400);
        pages.admit(400);
        assertThat(pages.held()).isFalse();
        pages.admit(400);
        assertThat(pages.held()).isTrue();
        assertThat(room.taken()).isEqualTo(1);
        pages.close();
        assertThat(room.free()).isTrue();
    }

    @Test
    void theThresholdIsAnEighthOfTheSizeLimit() {
        Room r = Room.forLimit(8000);
        Room.Hold h = r.open("a");
        h.admit(999);
        assertThat(h.held()).isFalse();
        assertThat(r.open("b").held()).isFalse();
        Room.Hold one = r.open("c");
        one.admit(1000);
        assertThat(one.held()).isTrue();
        one.close();
        h.close();
        assertThat(r.free()).isTrue();
    }
}

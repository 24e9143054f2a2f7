package org.practicehub.source;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A paged source's records, a page at a time: fetched only when reached, counted, stopped, and weighed one page at a time. */
class PagedRecordsTest {

    private final Room room = new Room(1000);
    private final List<Integer> fetched = new ArrayList<>();

    /** A cursor over pages of the given sizes in bytes, two records each, that notes which page it fetched when. */
    private PagedRecords.Cursor pages(long... sizes) {
        return new PagedRecords.Cursor() {
            int i;

            @Override
            public PagedRecords.Page next() {
                if (i == sizes.length) {
                    return null;
                }
                fetched.add(i + 1);
                int p = ++i;
                return new PagedRecords.Page(List.of(new Deleted("r" + p + "a", "{\"id\": \"r" + p + "a\"}"), new Deleted("r" + p + "b", "{\"id\": \"r" + p + "b\"}")), sizes[p - 1]);
            }
        };
    }

    @Test
    void aPageIsFetchedOnlyWhenItsFirstRecordIsReached() {
        PagedRecords pages = new PagedRecords(pages(10, 10, 10), room.open("api"));
        java.util.Iterator<RawRecord> it = pages.iterator();
        assertThat(fetched).isEmpty();
        assertThat(((Deleted) it.next()).recordId()).isEqualTo("r1a");
        assertThat(((Deleted) it.next()).recordId()).isEqualTo("r1b");
        assertThat(fetched).containsExactly(1);
        assertThat(((Deleted) it.next()).recordId()).isEqualTo("r2a");
        assertThat(fetched).containsExactly(1, 2);
        assertThat(pages.read()).isEqualTo(3);
        it.forEachRemaining(r -> { });
        assertThat(pages.read()).isEqualTo(6);
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(pages::iterator).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStoppedPollFetchesNoFurtherPageButFinishesTheOneItHas() {
        PagedRecords pages = new PagedRecords(pages(10, 10, 10), room.open("api"));
        java.util.Iterator<RawRecord> it = pages.iterator();
        it.next();
        pages.stop();
        assertThat(((Deleted) it.next()).recordId()).isEqualTo("r1b");
        assertThat(it.hasNext()).isFalse();
        assertThat(fetched).containsExactly(1);
    }

    /** The fetcher admits each page it reads to the poll's hold (Fetcher.get): here the cursor does. */
    private static PagedRecords.Cursor admitted(PagedRecords.Cursor cursor, Room.Hold hold) {
        return () -> {
            PagedRecords.Page p = cursor.next();
            if (p != null) {
                hold.admit(p.bytes());
            }
            return p;
        };
    }

    @Test
    void pagesReadThroughNoLongerCountTowardsTheRoom() {
        // five pages of 600 bytes: 3,000 read in all, but never more than one page held
        Room.Hold hold = room.open("api");
        PagedRecords pages = new PagedRecords(admitted(pages(600, 600, 600, 600, 600), hold), hold);
        pages.forEach(r -> assertThat(hold.held()).isFalse());
        assertThat(pages.read()).isEqualTo(10);
        assertThat(room.taken()).isZero();
        hold.close();
    }

    @Test
    void aLargePageTakesTheRoomUntilThePollIsOver() {
        Room.Hold hold = room.open("api");
        PagedRecords pages = new PagedRecords(admitted(pages(600, 1500, 600), hold), hold);
        pages.forEach(r -> { });
        assertThat(hold.held()).isTrue();
        assertThat(room.taken()).isEqualTo(1);
        hold.close();
        assertThat(room.free()).isTrue();
    }

    @Test
    void aPageThatFailsEndsTheRecordsWithoutAskingAgain() {
        AtomicInteger asked = new AtomicInteger();
        PagedRecords pages = new PagedRecords(() -> {
            asked.incrementAndGet();
            throw new SourceException("HTTP 503");
        }, room.open("api"));
        java.util.Iterator<RawRecord> it = pages.iterator();
        assertThatThrownBy(it::hasNext).isInstanceOf(SourceException.class);
        assertThat(it.hasNext()).isFalse();
        assertThat(asked).hasValue(1);
    }
}

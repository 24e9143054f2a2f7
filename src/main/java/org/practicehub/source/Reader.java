package org.practicehub.source;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;


/**
 * Reads one source by its kind: a feed or JSON document (conditional GET), a paged JSON API or an
 * OAI-PMH repository (incremental), or a CSV drop folder. A deactivated source (410) or one backing
 * off is skipped with the reason. What the next poll needs is saved by {@link #complete} only once
 * the records are stored.
 */
public class Reader {

    private final Fetcher fetcher;
    private final Parser parser;
    private final JsonApi jsonApi;
    private final OaiPmh oaiPmh;
    private final HtmlListing html;
    private final CsvDrop csv;
    private final SourceMemory memory;
    private final Clock clock;
    private final Function<String, String> env;
    private final Room room;
    /** The polls that hold the room for a large document, or may take it while their pages are read, by their harvest, until {@link #release}. */
    private final Map<Harvest, Room.Hold> holds = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    public Reader(Fetcher fetcher, Parser parser, CsvDrop csv, SourceMemory memory, Clock clock, Function<String, String> env, Room room) {
        this.room = room;
        this.fetcher = fetcher;
        this.parser = parser;
        this.jsonApi = new JsonApi(fetcher);
        this.oaiPmh = new OaiPmh(fetcher);
        this.html = new HtmlListing(fetcher);
        this.csv = csv;
        this.memory = memory;
        this.clock = clock;
        this.env = env;
    }

    public Harvest read(SourceDef s) {
        Optional<SourceMemory.Remembered> state = memory.recall(s.id());
        Instant now = clock.instant();
        if (state.isPresent() && !state.get().active()) {
            throw new SourceSkipped("deactivated (" + state.get().lastError() + "); POST /api/sources/" + s.id() + "/poll re-enables it");
        }
        if (state.isPresent() && state.get().nextAttempt() != null && now.isBefore(state.get().nextAttempt())) {
            SourceMemory.Remembered st = state.get();
            throw new SourceSkipped("backing off until " + st.nextAttempt() + " after " + st.consecutiveFailures()
                    + (st.consecutiveFailures() == 1 ? " failure" : " consecutive failures") + " (last: " + st.lastError() + ")");
        }
        // validators and a watermark kept with another mapping would hide the records it could not use: read them all
        boolean remapped = state.isPresent() && state.get().lastSuccess() != null && !s.mappingHash().equals(state.get().mappingHash());
        if (remapped) {
            state = state.map(SourceMemory.Remembered::forgetful);
        }
        Instant since = state.map(SourceMemory.Remembered::watermark).orElse(null);
        // the state row read above already says whether the source moved: no second look-up
        String url = s.isHttp() ? state.map(st -> st.url(s.url())).orElse(s.url()) : s.location();
        Room.Hold hold = room.open(s.id());
        try {
            Harvest h = switch (s.kind()) {
                case CSV -> s.isHttp() ? document(s, url, state, now, hold) : csv.read(s, Path.of(s.location()), hold);
                case JSON_API, HUB -> jsonApi.read(s, url, auth(s), since, now, hold);
                case OAI_PMH -> oaiPmh.read(s, url, auth(s), since, now, hold);
                case HTML -> html.read(s, url, auth(s), validators(state), now, hold);
                default -> document(s, url, state, now, hold);
            };
            if (remapped) {
                h.notes().add("the mapping is not the one of the last good poll: every record is read again");
            }
            // a paged source's pages are read while its records are stored: it may take the room only then
            if (hold.held() || h.records() instanceof PagedRecords) {
                holds.put(h, hold);
            }
            return h;
        } catch (RuntimeException | Error e) {
            hold.close();
            throw e;
        }
    }

    /** The poll of this harvest is over, however it ended: the room it held for a large document is given back. */
    public void release(Harvest h) {
        if (h != null) {
            Room.Hold hold = holds.remove(h);
            if (hold != null) {
                hold.close();
            }
        }
    }

    /** A record of this harvest failed its poll: a paged source fetches no further page. */
    public void stop(Harvest h) {
        if (h != null) {
            h.stop();
        }
    }

    private Harvest document(SourceDef s, String url, Optional<SourceMemory.Remembered> state, Instant now, Room.Hold hold) {
        if (!s.isHttp()) {
            Fetched f = fetcher.file(Path.of(url));
            hold.admit(f.body().length);
            List<String> warnings = new ArrayList<>();
            Harvest h = Harvest.of(parser.parse(s, f, warnings::add), now);
            warnings.forEach(h::warn);
            return h;
        }
        Map<String, String> headers = auth(s);
        String etag = state.map(SourceMemory.Remembered::etag).orElse(null);
        String lastModified = state.map(SourceMemory.Remembered::lastModified).orElse(null);
        headers.putAll(validators(state));
        Fetched f = fetcher.get(url, headers, hold);
        List<String> notes = new ArrayList<>();
        if (f.movedTo() != null) {
            notes.add("moved permanently to " + f.movedTo() + "; the stored URL is updated (edit the mapping file to make it permanent)");
        }
        if (f.notModified()) {
            Harvest h = Harvest.of(List.of(), true, etag, lastModified, f.movedTo(), now);
            h.notes().addAll(notes);
            return h;
        }
        List<String> warnings = new ArrayList<>();
        Harvest h = Harvest.of(parser.parse(s, f, warnings::add), false, f.etag(), f.lastModified(), f.movedTo(), now);
        h.notes().addAll(notes);
        warnings.forEach(h::warn);
        return h;
    }

    /** The conditional GET's headers from the last good poll's validators: they are the ones of the source's current URL. */
    private static Map<String, String> validators(Optional<SourceMemory.Remembered> state) {
        Map<String, String> h = new LinkedHashMap<>();
        state.map(SourceMemory.Remembered::etag).ifPresent(v -> h.put("If-None-Match", v));
        state.map(SourceMemory.Remembered::lastModified).ifPresent(v -> h.put("If-Modified-Since", v));
        return h;
    }

    /** The auth header, its secret from the environment; a missing variable fails the source, never sends an empty header. */
    private Map<String, String> auth(SourceDef s) {
        Map<String, String> h = new LinkedHashMap<>();
        SourceOptions.Auth a = s.options().auth();
        if (a != null) {
            String secret = env.apply(a.env());
            if (secret == null || secret.isBlank()) {
                throw new SourceException("auth.env " + a.env() + " is not set in the environment");
            }
            if (secret.matches(".*[\\r\\n].*")) {
                throw new SourceException("auth.env " + a.env() + " holds a line break; refusing to send it as a header");
            }
            h.put(a.header(), a.prefix() + secret.trim());
        }
        return h;
    }

    /** A record of this poll was rejected with this reason: counted against its CSV file, if it came from one. */
    public void rejected(Harvest h, RawRecord record, String reason) {
        h.rejected(record, reason);
    }

    /**
     * Once the poll's records are handled, whether or not it failed: the CSV files whose every row was rejected go to
     * failed/ with the reason, and fail the poll.
     */
    public void settle(SourceDef s, Harvest h) {
        if (h != null && s.kind() == Kind.CSV) {
            csv.settle(h);
        }
    }

    /** After the records are stored: remember validators, the new URL and the watermark; move CSV files to done/. */
    public void complete(SourceDef s, Harvest h) {
        if (h.notModified() && h.movedTo() == null && s.kind() != Kind.JSON_API && s.kind() != Kind.HUB && s.kind() != Kind.OAI_PMH) {
            // a document that answered 304 from where it was: its validators are the stored ones, and its watermark
            // (the incremental "since" of JSON APIs and OAI-PMH) means nothing to it; a write per source per re-poll saved
            return;
        }
        memory.remember(s, new SourceMemory.Kept(h.etag(), h.lastModified(), h.movedTo(), h.watermark()));
        if (s.kind() == Kind.CSV && !s.isHttp()) {
            csv.finish(h);
        }
    }
}

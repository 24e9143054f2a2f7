package org.practicehub.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.jsoup.parser.StreamParser;

/**
 * An HTML listing page with no feed (kind {@code html}): each element the item selector finds is a record, its fields read
 * by CSS selector ({@link HtmlPath}); fields written {@code detail: ...} are read on the item's detail page, fetched as
 * the poll reaches the item; the listing pages follow the next-link selector. The first page is fetched with the
 * validators of the last good poll (a 304 reads nothing), every page and detail page through the {@link Fetcher}'s
 * size limit and timeouts. A page is parsed as a stream and each item is taken out of the tree once read, so a page at
 * the size limit never becomes a tree of that size; the poll holds one listing page's items, and one detail page, at a
 * time ({@link PagedRecords}). A detail page that is gone (404, 410) makes its item a rejected record; any other failure
 * fails the poll from there, like a listing page's.
 */
public class HtmlListing {

    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*[\"']?([A-Za-z0-9._:-]+)");
    private static final Pattern META = Pattern.compile("(?i)<meta[^>]+charset\\s*=\\s*[\"']?([A-Za-z0-9._:-]+)");
    /** How much of an item's HTML the rejected list keeps. */
    static final int MAX_ITEM_HTML = 20_000;

    private final Fetcher fetcher;

    public HtmlListing(Fetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** Null when a path of an html source can be used ({@link HtmlPath}), else why not: for the mapping file's check. */
    public static String pathProblem(String path) {
        return HtmlPath.of(path).problem();
    }

    /**
     * @param headers   auth, and the first page's validators (If-None-Match, If-Modified-Since)
     * @param pollStart the poll's start, its watermark
     */
    public Harvest read(SourceDef source, String url, Map<String, String> auth, Map<String, String> validators, Instant pollStart,
            Room.Hold room) {
        Map<String, String> first = new LinkedHashMap<>(auth);
        first.putAll(validators);
        Fetched page = fetcher.get(url, first, room);
        if (page.notModified()) {
            return Harvest.of(List.of(), true, validators.get("If-None-Match"), validators.get("If-Modified-Since"), page.movedTo(), pollStart);
        }
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (page.movedTo() != null) {
            notes.add("moved permanently to " + page.movedTo() + "; the stored URL is updated (edit the mapping file to make it permanent)");
        }
        Pages pages = new Pages(source, auth, page, room, notes, warnings);
        return new Harvest(new PagedRecords(pages, room), false, page.etag(), page.lastModified(), page.movedTo(), pollStart, List.of(),
                notes, warnings, new ArrayList<>());
    }

    /** The listing's items, a listing page at a time; with detail pages, an item (and its detail page) at a time. */
    private final class Pages implements PagedRecords.Cursor {
        private final SourceDef source;
        private final SourceOptions.Html html;
        private final Map<String, String> auth;
        private final Room.Hold room;
        private final List<String> notes;
        private final List<String> warnings;
        private final List<HtmlPath> listingPaths = new ArrayList<>();
        private final List<HtmlPath> detailPaths = new ArrayList<>();
        private final Map<HtmlPath, String> names = new LinkedHashMap<>();
        private final HtmlPath detailLink;
        private final Set<String> seen = new HashSet<>();
        /** Items read from the listing page in hand, waiting for their detail page. */
        private final Deque<Item> waiting = new ArrayDeque<>();
        /** The first page, fetched to see whether it changed; then null. */
        private Fetched nextPage;
        /** The next listing page's URL, fetched only once the poll has handled this page's items. */
        private String nextUrl;
        private long pendingBytes;
        private int pages;
        private int items;
        private boolean ended;

        Pages(SourceDef source, Map<String, String> auth, Fetched first, Room.Hold room, List<String> notes, List<String> warnings) {
            this.source = source;
            this.html = source.options().html();
            this.auth = auth;
            this.room = room;
            this.notes = notes;
            this.warnings = warnings;
            this.nextPage = first;
            Set<String> paths = new LinkedHashSet<>();
            source.fields().values().forEach(spec -> paths.addAll(spec.paths()));
            for (String p : paths) {
                HtmlPath hp = HtmlPath.of(p);
                names.put(hp, p.trim());
                (hp.detail() ? detailPaths : listingPaths).add(hp);
            }
            FieldSpec link = source.fields().get("link");
            this.detailLink = detailPaths.isEmpty() ? null
                    : HtmlPath.of(html.detail() != null ? (html.detail().contains("@") ? html.detail() : html.detail() + "@href")
                            : link == null ? "a@href" : link.path());
            seen.add(first.location());
        }

        @Override
        public PagedRecords.Page next() {
            if (!waiting.isEmpty()) {
                return new PagedRecords.Page(List.of(detailed(waiting.poll())), takeBytes());
            }
            if (nextPage == null && nextUrl != null) {
                String u = nextUrl;
                nextUrl = null;
                nextPage = fetcher.get(u, auth, room);
            }
            if (nextPage == null) {
                if (!ended) {
                    ended = true;
                    notes.add(pages + (pages == 1 ? " page, " : " pages, ") + items + (items == 1 ? " item" : " items"));
                    if (items == 0) {
                        warnings.add("html.items " + html.items() + " matched nothing in " + (pages == 1 ? "the page" : "any of the " + pages + " pages"));
                    }
                }
                return null;
            }
            Fetched page = nextPage;
            nextPage = null;
            pages++;
            List<Item> found = listing(page);
            items += found.size();
            pendingBytes += page.body().length;
            if (detailPaths.isEmpty()) {
                List<RawRecord> records = new ArrayList<>(found.size());
                found.forEach(i -> records.add(i.record(null)));
                return new PagedRecords.Page(records, takeBytes());
            }
            waiting.addAll(found);
            // a listing page without items still counts as read: on to the next
            return waiting.isEmpty() ? new PagedRecords.Page(List.of(), takeBytes()) : next();
        }

        private long takeBytes() {
            long b = pendingBytes;
            pendingBytes = 0;
            return b;
        }

        /** The items of one listing page, and the next page fetched when there is one (a failure there fails the poll). */
        private List<Item> listing(Fetched page) {
            List<Item> out = new ArrayList<>();
            String link = null;
            try (StreamParser p = new StreamParser(Parser.htmlParser()).parse(reader(page), page.location())) {
                Element e;
                while ((e = p.selectNext(html.items())) != null) {
                    Map<String, List<String>> values = new LinkedHashMap<>();
                    for (HtmlPath hp : listingPaths) {
                        values.put(names.get(hp), hp.read(e));
                    }
                    String detail = detailLink == null ? null : detailLink.read(e).stream().findFirst().orElse(null);
                    String itemHtml = e.outerHtml();
                    out.add(new Item(page.location(), itemHtml.length() > MAX_ITEM_HTML ? itemHtml.substring(0, MAX_ITEM_HTML) : itemHtml,
                            values, detail));
                    // read: out of the tree, which stays the size of what is not an item
                    e.remove();
                }
                if (html.next() != null) {
                    Document rest = p.complete();
                    HtmlPath nextPath = HtmlPath.of(html.next().contains("@") ? html.next() : html.next() + "@href");
                    link = nextPath.read(rest).stream().findFirst().orElse(null);
                }
            } catch (IOException e) {
                throw new SourceException("listing page " + page.location() + " cannot be read as HTML: " + e.getMessage());
            } catch (UncheckedIOException e) {
                throw new SourceException("listing page " + page.location() + " cannot be read as HTML: " + e.getCause().getMessage());
            }
            if (link != null) {
                String u = http(link);
                if (u == null) {
                    notes.add("the next page's link " + link + " is not an http(s) URL; paging stopped there");
                } else if (!seen.add(u)) {
                    notes.add("the listing links to page " + u + " twice; paging stopped there");
                } else if (pages >= html.maxPages()) {
                    notes.add("stopped after html.max-pages=" + html.maxPages() + " pages");
                } else {
                    nextUrl = u;
                }
            }
            return out;
        }

        /** The item with the fields of its detail page; a detail page that is gone makes it a rejected record. */
        private RawRecord detailed(Item item) {
            if (item.detail == null) {
                return item.record(null, "no link to a detail page (" + detailLink.css() + "@" + detailLink.what() + ")");
            }
            String u = http(item.detail);
            if (u == null) {
                return item.record(null, "the detail page's link " + item.detail + " is not an http(s) URL");
            }
            Fetched page;
            try {
                page = fetcher.get(u, auth, room);
            } catch (SourceGone e) {
                return item.record(null, "detail page " + u + ": HTTP 410 Gone");
            } catch (HttpStatusException e) {
                if (e.status() == 404) {
                    return item.record(null, "detail page " + u + ": HTTP 404 Not Found");
                }
                throw e;
            }
            pendingBytes += page.body().length;
            Document d;
            try {
                d = org.jsoup.Jsoup.parse(new ByteArrayInputStream(page.body()), charset(page).name(), page.location());
            } catch (IOException e) {
                throw new SourceException("detail page " + u + " cannot be read as HTML: " + e.getMessage());
            }
            return item.record(d);
        }

        /** One item as read from its listing page. */
        private final class Item {
            final String page;
            final String html;
            final Map<String, List<String>> values;
            final String detail;

            Item(String page, String html, Map<String, List<String>> values, String detail) {
                this.page = page;
                this.html = html;
                this.values = values;
                this.detail = detail;
            }

            RawRecord record(Document detailPage) {
                return record(detailPage, null);
            }

            RawRecord record(Document detailPage, String defect) {
                Map<String, List<String>> all = new LinkedHashMap<>(values);
                if (detailPage != null) {
                    for (HtmlPath hp : detailPaths) {
                        all.put(names.get(hp), hp.read(detailPage));
                    }
                }
                return new HtmlRecord(page, html, all, defect);
            }
        }
    }

    /** An absolute http(s) URL, or null. */
    private static String http(String u) {
        try {
            URI uri = URI.create(u.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri.toString() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static java.io.Reader reader(Fetched page) {
        return new InputStreamReader(new ByteArrayInputStream(page.body()), charset(page));
    }

    /** The page's charset: a BOM, else the Content-Type's, else a meta element's in the first 4 KB, else UTF-8. */
    static Charset charset(Fetched page) {
        byte[] b = page.body();
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            return StandardCharsets.UTF_8;
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
            return StandardCharsets.UTF_16BE;
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
            return StandardCharsets.UTF_16LE;
        }
        if (page.contentType() != null) {
            Matcher m = CHARSET.matcher(page.contentType());
            if (m.find() && supported(m.group(1)) != null) {
                return supported(m.group(1));
            }
        }
        Matcher m = META.matcher(new String(b, 0, Math.min(b.length, 4096), StandardCharsets.ISO_8859_1));
        if (m.find() && supported(m.group(1)) != null) {
            return supported(m.group(1));
        }
        return StandardCharsets.UTF_8;
    }

    private static Charset supported(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }
}

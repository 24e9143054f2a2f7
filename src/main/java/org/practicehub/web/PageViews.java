package org.practicehub.web;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.practicehub.i18n.Languages;
import org.practicehub.i18n.Messages;
import org.practicehub.mapping.Vocabularies;
import org.practicehub.model.Practice;
import org.practicehub.publish.depository.PracticeIndex;
import org.practicehub.publish.depository.PracticeIndex.Entry;
import org.practicehub.publish.depository.PracticeIndex.Facet;

/**
 * What the member pages show, built from the index and the stored practices without any HTTP or template:
 * the templates only lay these out, and the tests can check them without a browser.
 */
public final class PageViews {

    private PageViews() {}

    /** One facet value: its label, how many of the current result hold it, the link that toggles it. */
    public record FacetValue(String label, int count, String href, boolean selected) {}

    /**
     * One facet: its query parameter, its heading and its values, most frequent first; {@code open} when it is shown
     * unfolded (a value of it is selected, or it has few values).
     */
    public record FacetGroup(String param, String heading, List<FacetValue> values, boolean open) {

        public FacetGroup(String param, String heading, List<FacetValue> values) {
            this(param, heading, values, values.size() <= OPEN_UP_TO || values.stream().anyMatch(FacetValue::selected));
        }
    }

    /** A facet with this many values or fewer is shown unfolded. */
    static final int OPEN_UP_TO = 6;

    /** One way of ordering the results (its message key), with the link to it. */
    public record Sort(String key, String href, boolean current) {}

    /** The page parameters only the member pages read (the API pages by cursor in one order). */
    static final java.util.Set<String> PAGE_ONLY = java.util.Set.of("sort", "page");

    /** The raw query without the page-only parameters, for PracticeQuery. */
    public static String filtersOnly(String rawQuery) {
        if (rawQuery == null || rawQuery.isBlank()) {
            return rawQuery;
        }
        StringBuilder b = new StringBuilder();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (!PAGE_ONLY.contains(k)) {
                b.append(b.length() == 0 ? "" : "&").append(pair);
            }
        }
        return b.toString();
    }

    /** One practice in the result list; {@code lang}: the practice's own language where it is not the page's, else null. */
    public record Hit(String id, String title, List<String> networks, List<String> countries, String summary, String lang) {

        public Hit(String id, String title, List<String> networks, List<String> countries, String summary) {
            this(id, title, networks, countries, summary, null);
        }
    }

    /** A filter the search form carries along as a hidden field, so a new search keeps the facets chosen. */
    public record Param(String name, String value) {}

    public record Browse(String q, int total, List<FacetGroup> facets, List<Hit> hits, String next, boolean filtered, List<Param> keep,
            String subscribe, List<Sort> sorts, String previous, boolean ranked) {

        public Browse(String q, int total, List<FacetGroup> facets, List<Hit> hits, String next, boolean filtered, List<Param> keep, String subscribe) {
            this(q, total, facets, hits, next, filtered, keep, subscribe, List.of(), null, false);
        }
    }

    /** One checkbox, radio button or select option of the subscription forms. */
    public record Option(String value, String label, boolean checked) {}

    /** One filter of the subscription forms: a fieldset of checkboxes, the facet's values as the browse page offers them. */
    public record Choice(String param, String legend, List<Option> options, String error) {}

    /**
     * The subscribe and manage forms: the values a member gave (kept when the form is refused), and the error next to
     * the field it is about ({@code error} alone when it is about no one field).
     */
    public record SubscriptionForm(String email, String emailError, List<Choice> filters, List<Option> frequencies, String frequencyError,
            List<Option> languages, String languageError, String error, String languageFallback) {

        public SubscriptionForm(String email, String emailError, List<Choice> filters, List<Option> frequencies, String frequencyError,
                List<Option> languages, String languageError, String error) {
            this(email, emailError, filters, frequencies, frequencyError, languages, languageError, error, null);
        }
    }

    private static final Messages MESSAGES = Messages.member();

    /**
     * The languages offered in the form: only those the hub writes its messages in, each named in itself. A stored tag
     * outside them (pt, ar from before) is not offered: the form shows English chosen, and says why
     * ({@link SubscriptionForm#languageFallback}).
     */
    static final Map<String, String> LANGUAGES = languages();

    private static Map<String, String> languages() {
        Map<String, String> m = new LinkedHashMap<>();
        Languages.SUPPORTED.forEach(l -> m.put(l, MESSAGES.get(l, "lang.name")));
        return m;
    }

    private static final List<String> FREQUENCY_ORDER = List.of("daily", "weekly", "monthly");

    /**
     * A schema field as the practice page shows it: a label and one or more values, each with the link it leads to where
     * there is one ({@code hrefs} the same length as {@code values}, null for no link): the practices sharing a facet
     * value, or a partner's link.
     */
    public record Field(String label, List<String> values, List<String> hrefs) {

        public Field(String label, List<String> values) {
            this(label, values, java.util.Collections.nCopies(values.size(), null));
        }

        public String href(int i) {
            return hrefs.get(i);
        }
    }

    /** A link the practice page lists: the related practices. */
    public record Link(String href, String text) {}

    /** One network's record behind a practice, with its link and dates. */
    public record Source(String network, String url, String published, String updated, String firstSeen, String via) {}

    /** {@code lang}: the practice's own language where it is not the page's, else null (the page's {@code lang} holds). */
    public record Detail(String id, String title, String summary, String descriptionHtml, String descriptionText, List<Field> fields,
            List<Source> sources, List<String> networks, String firstSeen, String lastChanged, String lang) {}

    /** The facets the browse page offers, in the order shown. SDG is left to the API (too many targets to list usefully). */
    static final List<Facet> SHOWN = List.of(Facet.THEME, Facet.COUNTRY, Facet.REGION, Facet.PHASE, Facet.GCM, Facet.NETWORK);

    static String param(Facet f) {
        return switch (f) {
            case THEME -> "theme";
            case COUNTRY -> "country";
            case REGION -> "region";
            case PHASE -> "phase";
            case GCM -> "gcmObjective";
            case SDG -> "sdg";
            case NETWORK -> "network";
        };
    }

    static String heading(Facet f) {
        return switch (f) {
            case THEME -> "Theme";
            case COUNTRY -> "Country";
            case REGION -> "Region";
            case PHASE -> "Migration phase";
            case GCM -> "GCM objective";
            case SDG -> "SDG";
            case NETWORK -> "Network";
        };
    }

    /**
     * The browse page: facet counts are cardinalities of (current selection AND the value's positions), so a count is
     * exactly what the result holds after following that value's link when the facet had nothing selected.
     */
    public static Browse browse(String rawQuery, PracticeQuery q, PracticeIndex.Snapshot s, Function<List<String>, List<Practice>> load) {
        return browse(rawQuery, q, s, load, Locale.ENGLISH);
    }

    /** The browse page with its labels (countries, regions, themes, objectives) in the page's language. */
    public static Browse browse(String rawQuery, PracticeQuery q, PracticeIndex.Snapshot s, Function<List<String>, List<Practice>> load, Locale shown) {
        Map<String, List<String>> params = params(rawQuery);
        PracticeQuery.Ranked ranking = q.rank(s);
        BitSet selection = ranking.positions();
        Map<String, String> networkNames = new LinkedHashMap<>();
        s.entries().forEach(e -> e.networks().forEach(n -> networkNames.putIfAbsent(n.toLowerCase(Locale.ROOT), n)));
        List<FacetGroup> facets = new ArrayList<>();
        for (Facet f : SHOWN) {
            List<FacetValue> values = new ArrayList<>();
            for (Map.Entry<Object, BitSet> v : s.inverted().getOrDefault(f, Map.of()).entrySet()) {
                BitSet b = (BitSet) v.getValue().clone();
                b.and(selection);
                boolean selected = selected(q, f, v.getKey());
                if (b.isEmpty() && !selected) {
                    continue;
                }
                String key = f == Facet.NETWORK ? networkNames.getOrDefault(v.getKey().toString(), v.getKey().toString()) : v.getKey().toString();
                values.add(new FacetValue(label(f, v.getKey(), networkNames, shown), b.cardinality(), "/practices" + toggle(params, param(f), key, selected, q, f),
                        selected));
            }
            values.sort(Comparator.comparing(FacetValue::count).reversed().thenComparing(FacetValue::label));
            if (!values.isEmpty()) {
                facets.add(new FacetGroup(param(f), heading(f), values));
            }
        }
        List<Entry> page = new ArrayList<>();
        String next = null;
        String previous = null;
        // with words, the most relevant first (pages by number); else, or when asked, the date order (pages by cursor)
        boolean ranked = ranking.scores() != null && !"date".equals(first(params, "sort", ""));
        if (ranked) {
            float[] scores = ranking.scores();
            List<Integer> order = new ArrayList<>(selection.cardinality());
            selection.stream().forEach(order::add);
            order.sort((a, b) -> a.equals(b) ? 0 : Float.compare(scores[b], scores[a]) != 0 ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b));
            int number = pageNumber(params);
            int from = (number - 1) * q.limit();
            for (int k = from; k < order.size() && k < from + q.limit(); k++) {
                page.add(s.entries().get(order.get(k)));
            }
            if (from + q.limit() < order.size()) {
                Map<String, List<String>> p = new LinkedHashMap<>(params);
                p.put("page", List.of(String.valueOf(number + 1)));
                next = "/practices" + query(p);
            }
            if (number > 1) {
                Map<String, List<String>> p = new LinkedHashMap<>(params);
                if (number == 2) {
                    p.remove("page");
                } else {
                    p.put("page", List.of(String.valueOf(number - 1)));
                }
                previous = "/practices" + query(p);
            }
        } else {
            int from = q.after() == null ? 0 : s.after(q.after().firstSeen(), q.after().id());
            int i = selection.nextSetBit(from);
            for (; i >= 0 && page.size() < q.limit(); i = selection.nextSetBit(i + 1)) {
                page.add(s.entries().get(i));
            }
            if (i >= 0 && !page.isEmpty()) {
                Entry last = page.get(page.size() - 1);
                Map<String, List<String>> p = new LinkedHashMap<>(params);
                p.remove("page");
                p.put("cursor", List.of(new PracticeQuery.Cursor(last.firstSeen(), last.id()).encode()));
                next = "/practices" + query(p);
            }
        }
        List<Sort> sorts = new ArrayList<>();
        if (ranking.scores() != null) {
            Map<String, List<String>> byRelevance = new LinkedHashMap<>(params);
            byRelevance.keySet().removeAll(List.of("sort", "page", "cursor"));
            Map<String, List<String>> byDate = new LinkedHashMap<>(byRelevance);
            byDate.put("sort", List.of("date"));
            sorts.add(new Sort("search.sort.relevance", "/practices" + query(byRelevance), ranked));
            sorts.add(new Sort("search.sort.date", "/practices" + query(byDate), !ranked));
        }
        Map<String, Practice> byId = new LinkedHashMap<>();
        load.apply(page.stream().map(Entry::id).toList()).forEach(p -> byId.put(p.id(), p));
        List<Hit> hits = new ArrayList<>();
        for (Entry e : page) {
            Practice p = byId.get(e.id());
            if (p != null) {
                hits.add(new Hit(p.id(), p.title(), p.networks(), countries(p, shown), p.summary(), ownLang(p, shown)));
            }
        }
        String words = params.containsKey("q") ? String.join(" ", params.get("q")) : "";
        boolean filtered = params.keySet().stream().anyMatch(k -> !k.equals("cursor") && !k.equals("limit") && !PAGE_ONLY.contains(k));
        List<Param> keep = new ArrayList<>();
        params.forEach((k, vs) -> {
            if (!k.equals("q") && !k.equals("cursor") && !k.equals("page")) {
                keep.add(new Param(k, String.join(",", vs)));
            }
        });
        Map<String, List<String>> kept = new LinkedHashMap<>();
        params.forEach((k, vs) -> {
            if (SubscriptionsApi.FILTERS.contains(k)) {
                kept.put(k, vs);
            }
        });
        return new Browse(words, selection.cardinality(), facets, hits, next, filtered, keep, "/subscribe" + query(kept), sorts, previous, ranked);
    }

    /** The page number asked for (1 when absent); a number that is not one is a member's mistake, answered 400. */
    private static int pageNumber(Map<String, List<String>> params) {
        String v = first(params, "page", "1");
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > 10_000) {
                throw PracticeQuery.bad("page must be between 1 and 10000");
            }
            return n;
        } catch (NumberFormatException e) {
            throw PracticeQuery.bad("page must be a whole number");
        }
    }

    /**
     * The subscription form: each shown facet's values in the depository now, checked where the member chose them
     * (values compared without case, as the read API does).
     */
    public static SubscriptionForm subscriptionForm(Map<String, List<String>> values, PracticeIndex.Snapshot s, java.util.Collection<String> offered,
            String errorField, String error) {
        return subscriptionForm(values, s, offered, errorField, error, Locale.ENGLISH);
    }

    /** The form in the page's language; the language chosen by default is the page's. */
    public static SubscriptionForm subscriptionForm(Map<String, List<String>> values, PracticeIndex.Snapshot s, java.util.Collection<String> offered,
            String errorField, String error, Locale page) {
        Map<String, String> networkNames = new LinkedHashMap<>();
        s.entries().forEach(e -> e.networks().forEach(n -> networkNames.putIfAbsent(n.toLowerCase(Locale.ROOT), n)));
        List<Choice> filters = new ArrayList<>();
        boolean placed = false;
        for (Facet f : SHOWN) {
            String param = param(f);
            java.util.Set<String> chosen = new java.util.HashSet<>();
            values.getOrDefault(param, List.of()).forEach(v -> java.util.Arrays.stream(v.split(",")).forEach(x -> chosen.add(x.trim().toLowerCase(Locale.ROOT))));
            List<Object> keys = new ArrayList<>(s.inverted().getOrDefault(f, Map.of()).keySet());
            List<Option> options = new ArrayList<>();
            for (Object k : keys) {
                String value = f == Facet.NETWORK ? networkNames.getOrDefault(k.toString(), k.toString()) : k.toString();
                options.add(new Option(value, label(f, k, networkNames, page), chosen.contains(value.toLowerCase(Locale.ROOT))));
            }
            options.sort(f == Facet.GCM ? Comparator.comparing((Option o) -> Integer.parseInt(o.value())) : Comparator.comparing(Option::label));
            boolean mine = param.equals(errorField);
            placed |= mine;
            if (!options.isEmpty() || mine) {
                filters.add(new Choice(param, heading(f), options, mine ? error : null));
            }
        }
        String frequency = first(values, "frequency", offered.contains("weekly") ? "weekly" : offered.stream().sorted().findFirst().orElse("weekly"));
        List<String> freqs = new ArrayList<>(offered);
        freqs.sort(Comparator.comparing((String x) -> FREQUENCY_ORDER.indexOf(x) < 0 ? 99 : FREQUENCY_ORDER.indexOf(x)).thenComparing(x -> x));
        List<Option> frequencies = freqs.stream().map(x -> new Option(x, capitalise(x), x.equals(frequency))).toList();
        String asked = first(values, "language", page.getLanguage());
        // a stored language the hub does not write in is shown as what the member gets: English, with a note
        String language = Languages.of(asked);
        String fallback = asked.isBlank() || Languages.spoken(asked) ? null : asked;
        List<Option> languages = LANGUAGES.entrySet().stream().map(e -> new Option(e.getKey(), e.getValue(), e.getKey().equals(language))).toList();
        placed |= "email".equals(errorField) || "frequency".equals(errorField) || "language".equals(errorField);
        return new SubscriptionForm(first(values, "email", ""), "email".equals(errorField) ? error : null, filters, frequencies,
                "frequency".equals(errorField) ? error : null, languages, "language".equals(errorField) ? error : null, placed ? null : error, fallback);
    }

    private static String first(Map<String, List<String>> values, String key, String otherwise) {
        List<String> v = values.get(key);
        return v == null || v.isEmpty() ? otherwise : v.get(0);
    }

    private static boolean selected(PracticeQuery q, Facet f, Object value) {
        return switch (f) {
            case THEME -> q.themes().contains(value);
            case COUNTRY -> q.countries().contains(value);
            case REGION -> q.regions().contains(value);
            case PHASE -> q.phases().contains(value);
            case GCM -> q.gcm().contains(value);
            case SDG -> q.sdgs().contains(value);
            case NETWORK -> q.networks().contains(value.toString().toLowerCase(Locale.ROOT));
        };
    }

    static String label(Facet f, Object value, Map<String, String> networkNames) {
        return label(f, value, networkNames, Locale.ENGLISH);
    }

    /** A facet value as a member reads it, in the page's language where the vocabularies have it (else English). */
    static String label(Facet f, Object value, Map<String, String> networkNames, Locale page) {
        String lang = page.getLanguage();
        return switch (f) {
            case COUNTRY -> countryName(value.toString(), page);
            case REGION -> org.practicehub.mapping.M49.UNKNOWN.equals(value.toString()) ? MESSAGES.get(lang, "search.region.unknown")
                    : translated("regions", value.toString(), lang).orElseGet(() -> org.practicehub.mapping.M49.label(value.toString()));
            case GCM -> MESSAGES.get(lang, "gcm.objective", String.valueOf(value)) + translated("gcmObjectives", value.toString(), lang).map(t -> ": " + t)
                    .orElse(Vocabularies.GCM_TITLES.containsKey(value) ? ": " + Vocabularies.GCM_TITLES.get(value) : "");
            case NETWORK -> networkNames.getOrDefault(value.toString(), value.toString());
            case THEME -> capitalise(translated("themes", value.toString(), lang).orElse(value.toString()));
            case PHASE -> capitalise(translated("migrationPhases", value.toString(), lang).orElse(value.toString()));
            default -> capitalise(value.toString());
        };
    }

    /** The vocabulary's first label for a value in a language other than English (English shows the value itself, as before). */
    private static java.util.Optional<String> translated(String vocabulary, String value, String lang) {
        if (Languages.DEFAULT.equals(lang)) {
            return java.util.Optional.empty();
        }
        Map<String, List<String>> byLang = Vocabularies.all().getOrDefault(vocabulary, Map.of()).get(value);
        List<String> labels = byLang == null ? null : byLang.get(lang);
        return labels == null || labels.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(labels.get(0));
    }

    /** The practice's language where it differs from the page's (for a {@code lang} attribute), else null. */
    static String ownLang(Practice p, Locale page) {
        if (p.language() == null || p.language().isBlank()) {
            return null;
        }
        String own = p.language().trim();
        if (!own.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")) {
            return null;
        }
        return own.toLowerCase(Locale.ROOT).startsWith(page.getLanguage()) && (own.length() == 2 || own.charAt(2) == '-') ? null : own;
    }

    /**
     * The link that adds a value to its filter, or takes it out when selected. Values a member typed by another name
     * ("Philippines" for PH) are taken out by what they resolve to, hence the query.
     */
    private static String toggle(Map<String, List<String>> params, String param, String value, boolean selected, PracticeQuery q, Facet f) {
        Map<String, List<String>> p = new LinkedHashMap<>(params);
        p.remove("cursor");
        p.remove("page");
        List<String> values = new ArrayList<>(p.getOrDefault(param, List.of()));
        if (selected) {
            values.removeIf(v -> {
                PracticeQuery one = PracticeQuery.parse(param + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
                return selected(one, f, f == Facet.NETWORK ? value.toLowerCase(Locale.ROOT) : key(f, value));
            });
        } else {
            values.add(value);
        }
        if (values.isEmpty()) {
            p.remove(param);
        } else {
            p.put(param, values);
        }
        return query(p);
    }

    private static Object key(Facet f, String value) {
        return f == Facet.GCM ? Integer.valueOf(value) : value;
    }

    /** The raw query as parameter to values, in order, comma lists split as PracticeQuery reads them. */
    static Map<String, List<String>> params(String rawQuery) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isBlank()) {
            return p;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            for (String part : k.equals("q") || k.equals("cursor") ? List.of(v) : List.of(v.split(","))) {
                if (!part.isBlank()) {
                    p.computeIfAbsent(k, x -> new ArrayList<>()).add(part.trim());
                }
            }
        }
        return p;
    }

    static String query(Map<String, List<String>> p) {
        StringBuilder b = new StringBuilder();
        p.forEach((k, vs) -> vs.forEach(v -> b.append(b.length() == 0 ? "?" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return b.toString();
    }

    /** The practice page: every schema field present, in the schema's order, then where it came from. */
    public static Detail detail(Practice p) {
        return detail(p, Locale.ENGLISH);
    }

    /** The practice page in the page's language: labels, country names and dates; the practice's own text as it is. */
    public static Detail detail(Practice p, Locale page) {
        String l = page.getLanguage();
        List<Field> f = new ArrayList<>();
        add(f, MESSAGES.get(l, "field.practiceType"), p.practiceTypes());
        if (p.geographicScope() != null) {
            add(f, MESSAGES.get(l, "field.scope"), p.geographicScope().level() == null ? null : List.of(capitalise(p.geographicScope().level())));
            List<String> codes = p.geographicScope().countries() == null ? List.of()
                    : p.geographicScope().countries().stream().filter(Objects::nonNull).toList();
            linked(f, MESSAGES.get(l, "field.countries"), codes, c -> countryName(c, page), c -> facet("country", c));
            List<String> given = p.geographicScope().regions() == null ? List.of()
                    : p.geographicScope().regions().stream().map(Practice.Region::code).filter(Objects::nonNull).toList();
            // the regions given and those the countries lie in (M49), as the region facet counts them
            linked(f, MESSAGES.get(l, "field.regions"), org.practicehub.mapping.M49.regions(codes, given), r -> label(Facet.REGION, r, Map.of(), page),
                    r -> facet("region", r));
        } else {
            linked(f, MESSAGES.get(l, "field.regions"), List.of(org.practicehub.mapping.M49.UNKNOWN), r -> label(Facet.REGION, r, Map.of(), page),
                    r -> facet("region", r));
        }
        add(f, MESSAGES.get(l, "field.partners"), orgs(p.partners()));
        add(f, MESSAGES.get(l, "field.donors"), orgs(p.donors()));
        if (p.gcmObjectives() != null) {
            add(f, MESSAGES.get(l, "field.gcmPrimary"), gcm(p.gcmObjectives().primary(), page));
            add(f, MESSAGES.get(l, "field.gcmSecondary"), gcm(p.gcmObjectives().secondary(), page));
        }
        add(f, MESSAGES.get(l, "field.principles"), p.gcmGuidingPrinciples());
        add(f, MESSAGES.get(l, "field.sdgs"), p.sdgs() == null ? null : p.sdgs().stream().map(s -> MESSAGES.get(l, "sdg.goal", s)).toList());
        linked(f, MESSAGES.get(l, "field.phases"), p.migrationPhases(), x -> label(Facet.PHASE, x, Map.of(), page), v -> facet("phase", v));
        linked(f, MESSAGES.get(l, "field.themes"), p.themes(), x -> label(Facet.THEME, x, Map.of(), page), v -> facet("theme", v));
        if (p.implementation() != null) {
            add(f, MESSAGES.get(l, "field.start"), one(p.implementation().start()));
            add(f, MESSAGES.get(l, "field.end"), one(p.implementation().end()));
        }
        add(f, MESSAGES.get(l, "field.benefits"), one(p.keyBenefits()));
        add(f, MESSAGES.get(l, "field.lessons"), one(p.lessonsLearned()));
        add(f, MESSAGES.get(l, "field.recommendations"), one(p.recommendations()));
        add(f, MESSAGES.get(l, "field.innovation"), one(p.innovation()));
        linked(f, MESSAGES.get(l, "field.links"), p.links() == null ? null : p.links().stream().map(Practice.Link::url).filter(Objects::nonNull).toList(),
                u -> u, PageViews::safeUrl);
        add(f, MESSAGES.get(l, "field.language"), one(p.language()));
        if (p.unmapped() != null) {
            p.unmapped().forEach((k, v) -> add(f, MESSAGES.get(l, "field.unmapped", k), v));
        }
        List<Source> sources = p.sources() == null ? List.of()
                : p.sources().stream().map(s -> new Source(s.network(), s.url(), date(s.published(), page), date(s.updated(), page),
                        date(s.firstSeen(), page), s.via())).toList();
        String html = p.description() == null ? null : p.description().html();
        String text = p.description() == null ? null : p.description().text();
        return new Detail(p.id(), p.title(), p.summary(), html, html == null ? text : null, f, sources, p.networks(), date(p.firstSeen(), page),
                date(p.lastChanged(), page), ownLang(p, page));
    }

    /** A field whose values link somewhere: each value's text and link from the raw value. */
    private static void linked(List<Field> fields, String label, List<String> raw, Function<String, String> text, Function<String, String> href) {
        if (raw == null) {
            return;
        }
        List<String> values = new ArrayList<>();
        List<String> hrefs = new ArrayList<>();
        for (String v : raw) {
            if (v != null && !v.isBlank()) {
                values.add(text.apply(v));
                hrefs.add(href.apply(v));
            }
        }
        if (!values.isEmpty()) {
            fields.add(new Field(label, values, java.util.Collections.unmodifiableList(hrefs)));
        }
    }

    /** The browse page filtered on one facet value. */
    static String facet(String param, String value) {
        return "/practices?" + URLEncoder.encode(param, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * A partner's URL as a link a member may follow: absolute http or https only, no spaces or control characters
     * (javascript:, data: and the like stay text); null otherwise.
     */
    static String safeUrl(String url) {
        if (url == null) {
            return null;
        }
        String u = url.strip();
        if (u.isEmpty() || u.length() > 2048 || u.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>')) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri.toASCIIString() : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static void add(List<Field> fields, String label, List<String> values) {
        if (values != null) {
            List<String> present = values.stream().filter(v -> v != null && !v.isBlank()).toList();
            if (!present.isEmpty()) {
                fields.add(new Field(label, present));
            }
        }
    }

    private static List<String> one(String v) {
        return v == null ? null : List.of(v);
    }

    private static List<String> orgs(List<Practice.Organisation> orgs) {
        return orgs == null ? null
                : orgs.stream().map(o -> o.name() == null ? o.acronym() : o.acronym() == null ? o.name() : o.name() + " (" + o.acronym() + ")").toList();
    }

    private static List<String> gcm(List<Integer> objectives, Locale page) {
        return objectives == null ? null : objectives.stream().map(n -> label(Facet.GCM, n, Map.of(), page)).toList();
    }

    static List<String> countries(Practice p) {
        return countries(p, Locale.ENGLISH);
    }

    static List<String> countries(Practice p, Locale page) {
        return p.geographicScope() == null || p.geographicScope().countries() == null ? List.of()
                : p.geographicScope().countries().stream().map(c -> countryName(c, page)).toList();
    }

    static String countryName(String code) {
        return countryName(code, Locale.ENGLISH);
    }

    /** A country's name in the page's language (the JDK's CLDR names). */
    static String countryName(String code, Locale page) {
        String name = new Locale("", code).getDisplayCountry(page);
        return name.isBlank() ? code : name;
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    static String date(Instant i) {
        return i == null ? null : DAY.format(i);
    }

    /** A day as the page's language writes it: "3 Mar 2026", "3 mar 2026", "3 mars 2026" (CLDR's medium date). */
    static String date(Instant i, Locale page) {
        if (i == null) {
            return null;
        }
        return Languages.DEFAULT.equals(page.getLanguage()) ? DAY.format(i)
                : DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.MEDIUM).withLocale(page).withZone(ZoneOffset.UTC).format(i);
    }

    static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

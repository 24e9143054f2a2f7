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

    /** One facet: its query parameter, its heading and its values, most frequent first. */
    public record FacetGroup(String param, String heading, List<FacetValue> values) {}

    /** One practice in the result list. */
    public record Hit(String id, String title, List<String> networks, List<String> countries, String summary) {}

    /** A filter the search form carries along as a hidden field, so a new search keeps the facets chosen. */
    public record Param(String name, String value) {}

    public record Browse(String q, int total, List<FacetGroup> facets, List<Hit> hits, String next, boolean filtered, List<Param> keep,
            String subscribe) {}

    /** One checkbox, radio button or select option of the subscription forms. */
    public record Option(String value, String label, boolean checked) {}

    /** One filter of the subscription forms: a fieldset of checkboxes, the facet's values as the browse page offers them. */
    public record Choice(String param, String legend, List<Option> options, String error) {}

    /**
     * The subscribe and manage forms: the values a member gave (kept when the form is refused), and the error next to
     * the field it is about ({@code error} alone when it is about no one field).
     */
    public record SubscriptionForm(String email, String emailError, List<Choice> filters, List<Option> frequencies, String frequencyError,
            List<Option> languages, String languageError, String error) {}

    /** The languages offered in the form; a stored tag outside them is kept as an extra option. */
    static final Map<String, String> LANGUAGES = languages();

    private static Map<String, String> languages() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("en", "English");
        m.put("fr", "Français");
        m.put("es", "Español");
        m.put("pt", "Português");
        m.put("ar", "العربية");
        return m;
    }

    private static final List<String> FREQUENCY_ORDER = List.of("daily", "weekly", "monthly");

    /** A schema field as the practice page shows it: a label and one or more values. */
    public record Field(String label, List<String> values) {}

    /** One network's record behind a practice, with its link and dates. */
    public record Source(String network, String url, String published, String updated, String firstSeen, String via) {}

    public record Detail(String id, String title, String summary, String descriptionHtml, String descriptionText, List<Field> fields,
            List<Source> sources, List<String> networks, String firstSeen, String lastChanged) {}

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
        Map<String, List<String>> params = params(rawQuery);
        BitSet selection = q.select(s);
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
                values.add(new FacetValue(label(f, v.getKey(), networkNames), b.cardinality(), "/practices" + toggle(params, param(f), key, selected, q, f),
                        selected));
            }
            values.sort(Comparator.comparing(FacetValue::count).reversed().thenComparing(FacetValue::label));
            if (!values.isEmpty()) {
                facets.add(new FacetGroup(param(f), heading(f), values));
            }
        }
        int from = q.after() == null ? 0 : s.after(q.after().firstSeen(), q.after().id());
        List<Entry> page = new ArrayList<>();
        int i = selection.nextSetBit(from);
        for (; i >= 0 && page.size() < q.limit(); i = selection.nextSetBit(i + 1)) {
            page.add(s.entries().get(i));
        }
        String next = null;
        if (i >= 0 && !page.isEmpty()) {
            Entry last = page.get(page.size() - 1);
            Map<String, List<String>> p = new LinkedHashMap<>(params);
            p.put("cursor", List.of(new PracticeQuery.Cursor(last.firstSeen(), last.id()).encode()));
            next = "/practices" + query(p);
        }
        Map<String, Practice> byId = new LinkedHashMap<>();
        load.apply(page.stream().map(Entry::id).toList()).forEach(p -> byId.put(p.id(), p));
        List<Hit> hits = new ArrayList<>();
        for (Entry e : page) {
            Practice p = byId.get(e.id());
            if (p != null) {
                hits.add(new Hit(p.id(), p.title(), p.networks(), countries(p), p.summary()));
            }
        }
        String words = params.containsKey("q") ? String.join(" ", params.get("q")) : "";
        boolean filtered = params.keySet().stream().anyMatch(k -> !k.equals("cursor") && !k.equals("limit"));
        List<Param> keep = new ArrayList<>();
        params.forEach((k, vs) -> {
            if (!k.equals("q") && !k.equals("cursor")) {
                keep.add(new Param(k, String.join(",", vs)));
            }
        });
        Map<String, List<String>> kept = new LinkedHashMap<>();
        params.forEach((k, vs) -> {
            if (SubscriptionsApi.FILTERS.contains(k)) {
                kept.put(k, vs);
            }
        });
        return new Browse(words, selection.cardinality(), facets, hits, next, filtered, keep, "/subscribe" + query(kept));
    }

    /**
     * The subscription form: each shown facet's values in the depository now, checked where the member chose them
     * (values compared without case, as the read API does).
     */
    public static SubscriptionForm subscriptionForm(Map<String, List<String>> values, PracticeIndex.Snapshot s, java.util.Collection<String> offered,
            String errorField, String error) {
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
                options.add(new Option(value, label(f, k, networkNames), chosen.contains(value.toLowerCase(Locale.ROOT))));
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
        String language = first(values, "language", "en");
        Map<String, String> langs = new LinkedHashMap<>(LANGUAGES);
        if (!language.isBlank()) {
            langs.putIfAbsent(language, language);
        }
        List<Option> languages = langs.entrySet().stream().map(e -> new Option(e.getKey(), e.getValue(), e.getKey().equalsIgnoreCase(language))).toList();
        placed |= "email".equals(errorField) || "frequency".equals(errorField) || "language".equals(errorField);
        return new SubscriptionForm(first(values, "email", ""), "email".equals(errorField) ? error : null, filters, frequencies,
                "frequency".equals(errorField) ? error : null, languages, "language".equals(errorField) ? error : null, placed ? null : error);
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
        return switch (f) {
            case COUNTRY -> countryName(value.toString());
            case REGION -> Vocabularies.region(value.toString()).map(r -> r[1]).orElse(value.toString());
            case GCM -> "Objective " + value + (Vocabularies.GCM_TITLES.containsKey(value) ? ": " + Vocabularies.GCM_TITLES.get(value) : "");
            case NETWORK -> networkNames.getOrDefault(value.toString(), value.toString());
            default -> capitalise(value.toString());
        };
    }

    /**
     * The link that adds a value to its filter, or takes it out when selected. Values a member typed by another name
     * ("Philippines" for PH) are taken out by what they resolve to, hence the query.
     */
    private static String toggle(Map<String, List<String>> params, String param, String value, boolean selected, PracticeQuery q, Facet f) {
        Map<String, List<String>> p = new LinkedHashMap<>(params);
        p.remove("cursor");
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
        List<Field> f = new ArrayList<>();
        add(f, "Practice type", p.practiceTypes());
        if (p.geographicScope() != null) {
            add(f, "Geographic scope", p.geographicScope().level() == null ? null : List.of(capitalise(p.geographicScope().level())));
            add(f, "Countries", countries(p));
            add(f, "Regions", p.geographicScope().regions() == null ? null
                    : p.geographicScope().regions().stream().map(r -> r.name() == null ? r.code() : r.name()).toList());
        }
        add(f, "Partners", orgs(p.partners()));
        add(f, "Donors", orgs(p.donors()));
        if (p.gcmObjectives() != null) {
            add(f, "GCM objectives (primary)", gcm(p.gcmObjectives().primary()));
            add(f, "GCM objectives (secondary)", gcm(p.gcmObjectives().secondary()));
        }
        add(f, "GCM guiding principles", p.gcmGuidingPrinciples());
        add(f, "SDGs", p.sdgs() == null ? null : p.sdgs().stream().map(s -> "SDG " + s).toList());
        add(f, "Migration phases", p.migrationPhases());
        add(f, "Themes", p.themes());
        if (p.implementation() != null) {
            add(f, "Implementation start", one(p.implementation().start()));
            add(f, "Implementation end", one(p.implementation().end()));
        }
        add(f, "Key benefits", one(p.keyBenefits()));
        add(f, "Lessons learned", one(p.lessonsLearned()));
        add(f, "Recommendations", one(p.recommendations()));
        add(f, "Innovation", one(p.innovation()));
        add(f, "Links", p.links() == null ? null : p.links().stream().map(Practice.Link::url).filter(Objects::nonNull).toList());
        add(f, "Language", one(p.language()));
        if (p.unmapped() != null) {
            p.unmapped().forEach((k, v) -> add(f, k + " (as the network gave it)", v));
        }
        List<Source> sources = p.sources() == null ? List.of()
                : p.sources().stream().map(s -> new Source(s.network(), s.url(), date(s.published()), date(s.updated()), date(s.firstSeen()), s.via()))
                        .toList();
        String html = p.description() == null ? null : p.description().html();
        String text = p.description() == null ? null : p.description().text();
        return new Detail(p.id(), p.title(), p.summary(), html, html == null ? text : null, f, sources, p.networks(), date(p.firstSeen()),
                date(p.lastChanged()));
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

    private static List<String> gcm(List<Integer> objectives) {
        return objectives == null ? null : objectives.stream().map(n -> label(Facet.GCM, n, Map.of())).toList();
    }

    static List<String> countries(Practice p) {
        return p.geographicScope() == null || p.geographicScope().countries() == null ? List.of()
                : p.geographicScope().countries().stream().map(PageViews::countryName).toList();
    }

    static String countryName(String code) {
        String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
        return name.isBlank() ? code : name;
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    static String date(Instant i) {
        return i == null ? null : DAY.format(i);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

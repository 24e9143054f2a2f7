package org.practicehub.matching;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.practicehub.mapping.Text;
import org.practicehub.mapping.Vocabularies;
import org.practicehub.model.Practice;
import org.practicehub.model.Practice.Organisation;

/**
 * The combine rule: a merged practice's fields from the records of every network that carries it.
 * <ul>
 * <li>Lists are united, without repeats, in record order: practice types, countries, regions,
 * partners, donors, GCM objectives (a primary objective anywhere is primary), guiding principles, SDGs,
 * migration phases (in their natural order), themes, unmapped values.</li>
 * <li>Long texts take the fuller one: description, key benefits, lessons learned, recommendations,
 * innovation.</li>
 * <li>Single values take the first record that has one, records ordered by the configured network
 * priority, then oldest first: title, summary, scope level, implementation dates, language.</li>
 * <li>Links: the first record's, then the others' as related links.</li>
 * </ul>
 * The result does not depend on the order records arrived in beyond "oldest first", so re-running
 * deduplication over the same records gives the same documents.
 */
public final class Combiner {

    /** One record of the practice: its own mapped document and when the hub first saw it. */
    public record Part(RecordKey key, String network, Practice doc, Instant firstSeen) {}

    private final List<String> priority;

    /** @param priority network names, most trusted first; networks not named come after, oldest record first */
    public Combiner(List<String> priority) {
        this.priority = priority.stream().map(Text::fold).toList();
    }

    public List<Part> ordered(Collection<Part> parts) {
        List<Part> out = new ArrayList<>(parts);
        out.sort(Comparator.comparingInt((Part p) -> rank(p.network()))
                .thenComparing(Part::firstSeen, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Part::key));
        return out;
    }

    private int rank(String network) {
        int i = priority.indexOf(Text.fold(network));
        return i < 0 ? priority.size() : i;
    }

    /** The practice's fields; the hub's own (id, sources, dates) are left for the store to fill. */
    public Practice combine(Collection<Part> parts) {
        List<Practice> docs = ordered(parts).stream().map(Part::doc).toList();
        if (docs.size() == 1) {
            return docs.get(0);
        }
        Set<String> countries = union(docs, d -> d.geographicScope() == null ? null : d.geographicScope().countries());
        Map<String, Practice.Region> regions = new LinkedHashMap<>();
        docs.stream().filter(d -> d.geographicScope() != null && d.geographicScope().regions() != null)
                .flatMap(d -> d.geographicScope().regions().stream()).forEach(r -> regions.putIfAbsent(r.code(), r));
        String level = first(docs, d -> d.geographicScope() == null ? null : d.geographicScope().level());
        Practice.GeographicScope scope = level == null && countries.isEmpty() && regions.isEmpty() ? null
                : new Practice.GeographicScope(level, List.copyOf(countries), List.copyOf(regions.values()));
        Set<Integer> primary = new TreeSet<>(union(docs, d -> d.gcmObjectives() == null ? null : d.gcmObjectives().primary()));
        Set<Integer> secondary = new TreeSet<>(union(docs, d -> d.gcmObjectives() == null ? null : d.gcmObjectives().secondary()));
        secondary.removeAll(primary);
        Set<String> phases = union(docs, Practice::migrationPhases);
        return new Practice(Practice.SCHEMA_VERSION, null,
                first(docs, Practice::title),
                first(docs, Practice::summary),
                fullest(docs, Practice::description, d -> d.text() == null ? 0 : d.text().length()),
                List.copyOf(union(docs, Practice::practiceTypes)),
                scope,
                organisations(docs, Practice::partners),
                organisations(docs, Practice::donors),
                primary.isEmpty() && secondary.isEmpty() ? null : new Practice.GcmObjectives(List.copyOf(primary), List.copyOf(secondary)),
                List.copyOf(union(docs, Practice::gcmGuidingPrinciples)),
                List.copyOf(union(docs, Practice::sdgs)),
                Vocabularies.PHASES.stream().filter(phases::contains).toList(),
                List.copyOf(union(docs, Practice::themes)),
                first(docs, Practice::implementation),
                fullest(docs, Practice::keyBenefits, String::length),
                fullest(docs, Practice::lessonsLearned, String::length),
                fullest(docs, Practice::recommendations, String::length),
                fullest(docs, Practice::innovation, String::length),
                links(docs),
                first(docs, Practice::language),
                List.of(),
                unmapped(docs),
                null, null);
    }

    private static <T> T first(List<Practice> docs, Function<Practice, T> field) {
        return docs.stream().map(field).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The longest value; the first record's on a tie. */
    private static <T> T fullest(List<Practice> docs, Function<Practice, T> field, Function<T, Integer> length) {
        T best = null;
        for (Practice d : docs) {
            T v = field.apply(d);
            if (v != null && (best == null || length.apply(v) > length.apply(best))) {
                best = v;
            }
        }
        return best;
    }

    private static <T> Set<T> union(List<Practice> docs, Function<Practice, List<T>> field) {
        Set<T> out = new LinkedHashSet<>();
        for (Practice d : docs) {
            List<T> v = field.apply(d);
            if (v != null) {
                out.addAll(v);
            }
        }
        return out;
    }

    /** The same organisation (by folded name, or by acronym) once, with the first record's details filled from the others. */
    private static List<Organisation> organisations(List<Practice> docs, Function<Practice, List<Organisation>> field) {
        List<Organisation> out = new ArrayList<>();
        for (Practice d : docs) {
            List<Organisation> orgs = field.apply(d);
            if (orgs == null) {
                continue;
            }
            for (Organisation o : orgs) {
                int i = indexOf(out, o);
                if (i < 0) {
                    out.add(o);
                } else {
                    Organisation had = out.get(i);
                    out.set(i, new Organisation(had.name(), had.acronym() != null ? had.acronym() : o.acronym(),
                            had.contact() != null ? had.contact() : o.contact()));
                }
            }
        }
        return List.copyOf(out);
    }

    private static int indexOf(List<Organisation> orgs, Organisation o) {
        for (int i = 0; i < orgs.size(); i++) {
            Organisation x = orgs.get(i);
            if (Text.fold(x.name()).equals(Text.fold(o.name()))
                    || x.acronym() != null && o.acronym() != null && x.acronym().equalsIgnoreCase(o.acronym())) {
                return i;
            }
        }
        return -1;
    }

    private static List<Practice.Link> links(List<Practice> docs) {
        List<Practice.Link> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        boolean firstDoc = true;
        for (Practice d : docs) {
            if (d.links() != null) {
                for (Practice.Link l : d.links()) {
                    String key = CanonicalUrl.of(l.url()).orElse(l.url());
                    if (seen.add(key)) {
                        out.add(firstDoc ? l : new Practice.Link(l.url(), "related"));
                    }
                }
            }
            firstDoc = false;
        }
        return out;
    }

    private static Map<String, List<String>> unmapped(List<Practice> docs) {
        Map<String, Set<String>> all = new TreeMap<>();
        for (Practice d : docs) {
            if (d.unmapped() != null) {
                d.unmapped().forEach((k, v) -> all.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
            }
        }
        if (all.isEmpty()) {
            return null;
        }
        Map<String, List<String>> out = new TreeMap<>();
        all.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }
}

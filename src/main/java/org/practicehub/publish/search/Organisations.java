package org.practicehub.publish.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.practicehub.mapping.Text;

/**
 * The directory of organisations: every partner and donor the practices name, one entry per organisation however the
 * networks wrote it. Two mentions are one organisation when they share a name (folded: case, accents, punctuation), an
 * acronym (or its form in another language, by the acronym table: IOM and OIM), or when one's name is the other's
 * acronym ("ILO" alone). Organisations only: the schema's contact field is never read here.
 */
public final class Organisations {

    private Organisations() {}

    /** One organisation named by one practice. */
    public record Mention(int position, String role, String name, String acronym) {}

    /**
     * One organisation: its page's slug, the name it is shown by (the one most mentions use), its acronym, the other names
     * and acronyms it was given, its roles (partner, donor) and the positions of its practices, in the snapshot's order.
     */
    public record Organisation(String slug, String name, String acronym, List<String> otherNames, List<String> roles, List<Integer> positions) {

        /** The name as a heading shows it: "International Labour Organization (ILO)". */
        public String title() {
            return acronym == null || name == null || name.equalsIgnoreCase(acronym) ? (name == null ? acronym : name) : name + " (" + acronym + ")";
        }
    }

    /** The mentions merged into organisations, by name (without case or accents). */
    public static List<Organisation> merge(List<Mention> mentions) {
        Map<String, String> parent = new HashMap<>();
        List<List<String>> keysOf = new ArrayList<>();
        for (Mention m : mentions) {
            List<String> keys = keys(m);
            keysOf.add(keys);
            for (String k : keys) {
                parent.putIfAbsent(k, k);
            }
            for (int i = 1; i < keys.size(); i++) {
                union(parent, keys.get(0), keys.get(i));
            }
        }
        Map<String, List<Mention>> groups = new LinkedHashMap<>();
        for (int i = 0; i < mentions.size(); i++) {
            if (!keysOf.get(i).isEmpty()) {
                groups.computeIfAbsent(find(parent, keysOf.get(i).get(0)), k -> new ArrayList<>()).add(mentions.get(i));
            }
        }
        List<Organisation> out = new ArrayList<>();
        Set<String> slugs = new java.util.HashSet<>();
        for (List<Mention> g : groups.values()) {
            String name = mostFrequent(g.stream().map(Mention::name).filter(n -> !blank(n) && !looksLikeAcronym(n)).toList());
            String acronym = mostFrequent(g.stream().map(Mention::acronym).filter(a -> !blank(a)).toList());
            if (acronym == null) {
                acronym = mostFrequent(g.stream().map(Mention::name).filter(n -> !blank(n) && looksLikeAcronym(n)).toList());
            }
            if (name == null) {
                name = acronym;
            }
            Set<String> others = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            for (Mention m : g) {
                for (String v : new String[] {m.name(), m.acronym()}) {
                    if (!blank(v) && !Text.fold(v).equals(Text.fold(name)) && (acronym == null || !Text.fold(v).equals(Text.fold(acronym)))) {
                        others.add(v.strip());
                    }
                }
            }
            Set<String> roles = new TreeSet<>();
            Set<Integer> positions = new TreeSet<>();
            g.forEach(m -> {
                roles.add(m.role());
                positions.add(m.position());
            });
            String base = slug(acronym != null ? acronym + " " + name : name);
            String slug = base;
            for (int n = 2; !slugs.add(slug); n++) {
                slug = base + "-" + n;
            }
            out.add(new Organisation(slug, name, acronym, List.copyOf(others), List.copyOf(roles), List.copyOf(positions)));
        }
        out.sort(Comparator.comparing((Organisation o) -> Text.fold(o.name())).thenComparing(Organisation::slug));
        return out;
    }

    /** The keys a mention is known by: its folded name, its acronym's table form, its name's when the name is an acronym. */
    static List<String> keys(Mention m) {
        List<String> keys = new ArrayList<>();
        if (!blank(m.name())) {
            if (looksLikeAcronym(m.name())) {
                keys.add("a:" + AcronymTable.canonical(m.name()));
            } else {
                keys.add("n:" + Text.fold(m.name()));
            }
        }
        if (!blank(m.acronym())) {
            keys.add("a:" + AcronymTable.canonical(m.acronym()));
        }
        return List.copyOf(new LinkedHashSet<>(keys));
    }

    /** "ILO", "UNHCR", "I.O.M.": two to twelve letters, all capitals, no space. */
    static boolean looksLikeAcronym(String s) {
        String t = s.strip().replace(".", "");
        return t.length() >= 2 && t.length() <= 12 && t.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c) || c == '&' || c == '-')
                && t.chars().anyMatch(Character::isLetter);
    }

    private static String mostFrequent(List<String> values) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, String> shown = new HashMap<>();
        for (String v : values) {
            String k = Text.fold(v);
            counts.merge(k, 1, Integer::sum);
            shown.putIfAbsent(k, v.strip());
        }
        return counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(e -> shown.get(e.getKey())).orElse(null);
    }

    /** A page address's last part: the folded words joined by hyphens, at most 80 characters. */
    static String slug(String s) {
        String f = Text.fold(s).replace(' ', '-');
        f = f.replaceAll("[^a-z0-9-]", "");
        if (f.length() > 80) {
            f = f.substring(0, 80).replaceAll("-+$", "");
        }
        return f.isEmpty() ? "organisation" : f.toLowerCase(Locale.ROOT);
    }

    private static String find(Map<String, String> parent, String k) {
        String root = k;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        while (!parent.get(k).equals(root)) {
            String next = parent.get(k);
            parent.put(k, root);
            k = next;
        }
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

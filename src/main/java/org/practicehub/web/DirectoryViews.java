package org.practicehub.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.practicehub.publish.depository.PracticeIndex;
import org.practicehub.publish.search.Organisations;
import org.practicehub.publish.search.View;

/**
 * The directory of organisations: every partner and donor across the practices, merged by name and acronym
 * ({@link Organisations}), each with its practices and the networks that shared them. Organisations only: no contact
 * person or address is read or shown.
 */
public final class DirectoryViews {

    private DirectoryViews() {}

    /** The directory of one snapshot, built once per change of the depository. */
    public record Directory(long seq, List<Organisations.Organisation> organisations, Map<String, Organisations.Organisation> bySlug,
            Map<Integer, String> titles) {}

    /** One line of the directory page. */
    public record Line(String href, String title, List<String> otherNames, List<String> roles, int practices, List<String> networks) {}

    /** An organisation's page. */
    public record Page(String title, List<String> otherNames, List<String> roles, List<PageViews.Link> networks, List<PageViews.Link> practices) {}

    public static Directory build(PracticeIndex.Snapshot s) {
        View v = s.search();
        List<Organisations.Mention> mentions = new ArrayList<>();
        Map<Integer, String> titles = new HashMap<>();
        if (v != null) {
            for (View.Stored st : v.stored(null)) {
                titles.put(st.position(), st.title());
                for (String[] o : st.organisations()) {
                    mentions.add(new Organisations.Mention(st.position(), o[0], o.length > 1 ? o[1] : "", o.length > 2 ? o[2] : ""));
                }
            }
        }
        List<Organisations.Organisation> orgs = Organisations.merge(mentions);
        Map<String, Organisations.Organisation> bySlug = new HashMap<>();
        orgs.forEach(o -> bySlug.put(o.slug(), o));
        return new Directory(s.seq(), orgs, bySlug, titles);
    }

    public static List<Line> lines(Directory d, PracticeIndex.Snapshot s) {
        return d.organisations().stream().map(o -> new Line("/organisations/" + o.slug(), o.title(), o.otherNames(), roles(o.roles()),
                o.positions().size(), List.copyOf(networks(o, s)))).toList();
    }

    public static Page page(Organisations.Organisation o, Directory d, PracticeIndex.Snapshot s) {
        List<PageViews.Link> networks = networks(o, s).stream().map(n -> new PageViews.Link(PageViews.facet("network", n), n)).toList();
        List<PageViews.Link> practices = o.positions().stream()
                .map(p -> new PageViews.Link("/practices/" + s.entries().get(p).id(), d.titles().getOrDefault(p, s.entries().get(p).id())))
                .sorted(java.util.Comparator.comparing(l -> org.practicehub.mapping.Text.fold(l.text()))).toList();
        return new Page(o.title(), o.otherNames(), roles(o.roles()), networks, practices);
    }

    private static Set<String> networks(Organisations.Organisation o, PracticeIndex.Snapshot s) {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        o.positions().forEach(p -> out.addAll(s.entries().get(p).networks()));
        return out;
    }

    private static List<String> roles(List<String> roles) {
        return roles.stream().map(r -> r.equals("donor") ? "Donor" : "Partner").toList();
    }
}

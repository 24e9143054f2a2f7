package org.practicehub.matching;

import java.util.ArrayList;
import java.util.List;

import org.practicehub.model.Practice;

/** Small practice documents for the matching tests: only the fields matching reads. */
final class Docs {

    private Docs() {}

    static Practice doc(String title, String summary) {
        return doc(title, summary, List.of(), List.of(), null, null);
    }

    /** @param partners "Name" or "Name (ACR)" */
    static Practice doc(String title, String summary, List<String> partners, List<String> countries, String start, String website) {
        List<Practice.Organisation> orgs = new ArrayList<>();
        for (String p : partners) {
            int open = p.indexOf(" (");
            orgs.add(open < 0 ? new Practice.Organisation(p, null, null)
                    : new Practice.Organisation(p.substring(0, open), p.substring(open + 2, p.length() - 1), null));
        }
        return new Practice(Practice.SCHEMA_VERSION, null, title, summary, null, List.of(),
                countries.isEmpty() ? null : new Practice.GeographicScope(null, countries, List.of()), orgs, List.of(), null, List.of(),
                List.of(), List.of(), List.of(), start == null ? null : new Practice.Implementation(start, null), null, null, null, null,
                website == null ? List.of() : List.of(new Practice.Link(website, "website")), "en", List.of(), null, null, null);
    }
}

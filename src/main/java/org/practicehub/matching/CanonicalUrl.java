package org.practicehub.matching;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The form of a URL under which two networks' links to the same page compare equal: no scheme
 * (http and https alike), host in lower case without {@code www.} and without the default port, no
 * trailing slash, no fragment, no tracking parameters ({@code utm_*}, click ids), the other query
 * parameters sorted. The path keeps its case: servers may tell {@code /A} from {@code /a}.
 */
public final class CanonicalUrl {

    private static final Set<String> TRACKING = Set.of("fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
            "mc_cid", "mc_eid", "igshid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "srsltid");

    private CanonicalUrl() {}

    /** The canonical form of an http(s) URL, or empty when it is not one. */
    public static Optional<String> of(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        URI u;
        try {
            u = new URI(raw.trim());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            return Optional.empty();
        }
        String host = u.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        StringBuilder b = new StringBuilder(host);
        int port = u.getPort();
        if (port != -1 && port != 80 && port != 443) {
            b.append(':').append(port);
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        b.append(path);
        String query = query(u.getRawQuery());
        if (!query.isEmpty()) {
            b.append('?').append(query);
        }
        return Optional.of(b.toString());
    }

    /** Whether the canonical URL names a page rather than a whole site: a site's home page identifies no practice. */
    public static boolean namesAPage(String canonical) {
        int slash = canonical.indexOf('/');
        return slash > 0 && slash < canonical.length() - 1;
    }

    private static String query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String p : raw.split("&")) {
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (!name.startsWith("utm_") && !TRACKING.contains(name)) {
                kept.add(p);
            }
        }
        kept.sort(null);
        return String.join("&", kept);
    }
}

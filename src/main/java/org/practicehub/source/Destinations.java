package org.practicehub.source;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a partner's redirect may send the hub. Only to http(s); never to an address inside the hub's own networks
 * (loopback, link-local, private, unique-local, unspecified, multicast) unless the source itself is there, and then
 * only to the source's own host and port: a source declared on localhost may move on localhost, but a redirect is
 * no way for a partner to reach the hub's other services (its database, the cloud's metadata address, an admin port).
 */
public final class Destinations {

    private Destinations() {}

    /** Why the hub must not follow a redirect from {@code source}'s URL to {@code target}; empty when it may. */
    public static Optional<String> refused(String source, String target) {
        URI to;
        try {
            to = URI.create(target);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a URL");
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https are followed, not " + (scheme.isEmpty() ? "a URL without scheme" : scheme));
        }
        if (to.getHost() == null) {
            return Optional.of("no host");
        }
        Optional<String> inside = inside(to.getHost());
        if (inside.isEmpty()) {
            return Optional.empty();
        }
        URI from = URI.create(source);
        if (from.getHost() != null && inside(from.getHost()).isPresent() && origin(from).equals(origin(to))) {
            return Optional.empty();
        }
        return Optional.of(to.getHost() + " is " + inside.get() + (from.getHost() != null && inside(from.getHost()).isPresent()
                ? ", and not the source's own host and port" : ", and the source is not"));
    }

    private static String origin(URI u) {
        int port = u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        return u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** What kind of inside address the host is (or resolves to), if it is one; a host that does not resolve is not. */
    static Optional<String> inside(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            // the fetch fails on it anyway
            return Optional.empty();
        }
        for (InetAddress a : all) {
            Optional<String> kind = kind(a);
            if (kind.isPresent()) {
                return kind;
            }
        }
        return Optional.empty();
    }

    static Optional<String> kind(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("a link-local address");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (a.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return Optional.of("a unique-local address");
        }
        if (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return Optional.of("a shared (carrier-grade NAT) address");
        }
        return Optional.empty();
    }
}

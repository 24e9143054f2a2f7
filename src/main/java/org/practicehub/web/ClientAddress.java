package org.practicehub.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who an HTTP request came from, for the rate limits, the console's login throttle and what the hub records of a
 * client. The socket's peer, unless that peer is a trusted proxy ({@code hub.http.trusted-proxies}): then the
 * address the proxies say they forwarded for, {@code Forwarded: for=} (RFC 7239), else {@code X-Forwarded-For}, read
 * from the right, skipping the trusted proxies, since only the hops a trusted proxy appended can be believed. An
 * untrusted peer's forwarding headers are ignored: anyone can send them.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** A proxy chain longer than this is cut: the leftmost hops are the client's to write anyway. */
    private static final int MAX_HOPS = 32;

    /** An address block: the first {@code bits} bits of {@code network}. */
    record Block(byte[] network, int bits) {
        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            for (int i = 0, left = bits; left > 0; i++, left -= 8) {
                int mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
                if ((a[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Block> trusted;

    /** @param cidrs comma-separated blocks or addresses ({@code 10.0.0.0/8, 127.0.0.1, fd00::/8}); empty: no proxy is trusted */
    public ClientAddress(String cidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String c : cidrs == null ? new String[0] : cidrs.split(",")) {
            if (!c.isBlank()) {
                blocks.add(block(c.trim()));
            }
        }
        this.trusted = List.copyOf(blocks);
    }

    static Block block(String cidr) {
        int slash = cidr.indexOf('/');
        byte[] a = literal(slash < 0 ? cidr : cidr.substring(0, slash));
        if (a == null) {
            throw new IllegalArgumentException("hub.http.trusted-proxies: '" + cidr + "' is not an address or a block (10.0.0.0/8, fd00::/8)");
        }
        int bits = a.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > a.length * 8) {
                throw new IllegalArgumentException("hub.http.trusted-proxies: '" + cidr + "' has no prefix length between 0 and " + a.length * 8);
            }
        }
        return new Block(a, bits);
    }

    /** The address's bytes when it is an IP literal (never a name: no DNS lookup is ever made); null otherwise. */
    static byte[] literal(String s) {
        if (s == null || s.isEmpty() || s.length() > 45 || !(IPV4.matcher(s).matches() || IPV6.matcher(s).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean proxies() {
        return !trusted.isEmpty();
    }

    private boolean trusted(String address) {
        byte[] a = literal(address);
        return a != null && trusted.stream().anyMatch(b -> b.contains(a));
    }

    /**
     * The client: {@code remoteAddress} (the socket's peer, "host:port" or its object) unless it is a trusted proxy;
     * then the rightmost forwarded address that is not a trusted proxy, or the last trusted one when they all are or a
     * hop cannot be read.
     */
    public String of(Object remoteAddress, Object forwarded, Object xForwardedFor) {
        String peer = remoteAddress instanceof io.vertx.core.net.SocketAddress sa && sa.hostAddress() != null ? sa.hostAddress()
                : RateLimit.host(remoteAddress);
        if (trusted.isEmpty() || !trusted(peer)) {
            return peer;
        }
        String fwd = joined(forwarded);
        List<String> hops = !fwd.isBlank() ? forwardedFor(fwd) : xForwardedFor(joined(xForwardedFor));
        String client = peer;
        for (int i = hops.size() - 1; i >= 0 && i >= hops.size() - MAX_HOPS; i--) {
            String hop = hops.get(i);
            if (literal(hop) == null) {
                // "unknown", an obfuscated name or garbage: what lies left of it cannot be traced
                return client;
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** A header given on several lines is one list (RFC 9110 5.3). */
    private static String joined(Object header) {
        if (header instanceof Iterable<?> lines) {
            StringBuilder b = new StringBuilder();
            lines.forEach(l -> b.append(b.length() == 0 ? "" : ",").append(l));
            return b.toString();
        }
        return header == null ? "" : header.toString();
    }

    /** The {@code for=} values of a Forwarded header, in order, brackets, quotes and ports taken off. */
    static List<String> forwardedFor(String header) {
        List<String> out = new ArrayList<>();
        for (String element : header.split(",")) {
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
                    out.add(bare(pair.substring(eq + 1).trim()));
                }
            }
        }
        return out;
    }

    static List<String> xForwardedFor(String header) {
        List<String> out = new ArrayList<>();
        if (header != null) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    out.add(bare(hop.trim()));
                }
            }
        }
        return out;
    }

    /** {@code "[2001:db8::1]:4711"} → {@code 2001:db8::1}; {@code 192.0.2.1:80} → {@code 192.0.2.1}. */
    private static String bare(String v) {
        String s = v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            return close > 0 ? s.substring(1, close) : s;
        }
        int colon = s.indexOf(':');
        return colon > 0 && colon == s.lastIndexOf(':') ? s.substring(0, colon) : s;
    }
}

package org.practicehub.publish.subscription;

import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Whether a string is one plain mailbox address a member may subscribe: RFC 5322 addr-spec syntax (jakarta.mail,
 * strict), no display name, no group, no line breaks or control characters, ASCII only, and RFC 5321's
 * lengths (local part 64, domain 255 with labels of 63, the whole path 254); a domain name, never an address literal
 * ({@code a@[127.0.0.1]}). Returns the reason it is not.
 */
public final class Addresses {

    private Addresses() {}

    public static Optional<String> problem(String address) {
        if (address == null || address.isEmpty()) {
            return Optional.of("email is required");
        }
        if (address.length() > 254) {
            return Optional.of("email is longer than 254 characters");
        }
        for (int i = 0; i < address.length(); i++) {
            char ch = address.charAt(i);
            if (ch < 0x21 || ch == 0x7f) {
                return Optional.of("email holds a space, a line break or a control character");
            }
            if (ch > 0x7e) {
                return Optional.of("email must be ASCII (internationalised addresses are not supported)");
            }
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return Optional.of("email must be local-part@domain");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > 64) {
            return Optional.of("the local part of email is longer than 64 characters");
        }
        if (domain.startsWith("[")) {
            // an address literal (a@[127.0.0.1]) would have the hub mail a host by its address: one inside its own network
            // as easily as any; members subscribe with a domain
            return Optional.of("the domain of email must be a domain name, not an address literal in brackets");
        }
        {
            if (!domain.contains(".")) {
                return Optional.of("the domain of email must be a fully qualified domain name");
            }
            for (String label : domain.split("\\.", -1)) {
                if (label.isEmpty() || label.length() > 63 || !label.matches("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")) {
                    return Optional.of("the domain of email is not a valid host name");
                }
            }
        }
        try {
            InternetAddress a = new InternetAddress(address, true);
            a.validate();
            if (a.isGroup() || a.getPersonal() != null || !address.equals(a.getAddress())) {
                return Optional.of("email must be a bare address, without a name or angle brackets");
            }
        } catch (AddressException e) {
            return Optional.of("email is not a valid address: " + e.getMessage().replaceAll("[\\r\\n]", " "));
        }
        return Optional.empty();
    }
}

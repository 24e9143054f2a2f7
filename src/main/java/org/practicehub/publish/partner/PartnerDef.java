package org.practicehub.publish.partner;

import java.nio.file.Path;
import java.util.Map;

import org.practicehub.web.PracticeQuery;

/**
 * A partner repository that wants practices pushed to it, from its file in the partners folder.
 *
 * @param network   the partner's own network: practices that came from it are never pushed back
 * @param filters   which practices, in the read API's filter language ("theme=reintegration&country=PH")
 * @param fields    the partner's own shape: its field name to a JSONPath over the practice; empty for the hub's JSON
 * @param authEnv   environment variable holding the value of the auth header, or null
 * @param secretEnv environment variable holding the HMAC-SHA256 signing secret
 */
public record PartnerDef(String id, String endpoint, String network, PracticeQuery filters, Map<String, String> fields,
        String authHeader, String authEnv, String authPrefix, String secretEnv, int maxAttempts, boolean enabled, Path file) {}

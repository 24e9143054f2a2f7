package org.practicehub.config;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * platform-http's header filter, letting {@code Cache-Control} out. Camel's HTTP filter drops it from every answer
 * (it is among the hop-by-hop and caching headers it keeps for itself), but the console's pages must say
 * {@code no-store}: they show live state and carry the session's CSRF token. Used by the console's routes only.
 */
public class ConsoleHeaderFilter extends HttpHeaderFilterStrategy {

    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
    }
}

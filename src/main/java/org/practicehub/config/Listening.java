package org.practicehub.config;

/** The start-up line that says where the HTTP server listens, for an operator reading the log. */
final class Listening {

    private Listening() {}

    static String line(String host, int port, String publicUrl) {
        boolean every = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::");
        String shown = every ? "0.0.0.0" : host.contains(":") ? "[" + host + "]" : host;
        return "Practice Hub listening on http://" + shown + ":" + port + "/" + (every ? " (every address)" : "")
                + "; public URL " + publicUrl;
    }
}

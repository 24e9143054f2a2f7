package org.practicehub.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListeningTest {

    @Test
    void theLineNamesTheAddressThePortAndThePublicUrl() {
        assertThat(Listening.line("0.0.0.0", 9090, "http://localhost:9090"))
                .isEqualTo("Practice Hub listening on http://0.0.0.0:9090/ (every address); public URL http://localhost:9090");
        assertThat(Listening.line("127.0.0.1", 8080, "https://hub.example.org"))
                .isEqualTo("Practice Hub listening on http://127.0.0.1:8080/; public URL https://hub.example.org");
        assertThat(Listening.line("::1", 8080, "http://x")).startsWith("Practice Hub listening on http://[::1]:8080/;");
    }
}

package org.practicehub.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A rejected record's payload, indented for the console: JSON and XML; anything else, or what does not parse, as it came. */
class PayloadsTest {

    @Test
    void jsonIsIndentedAndKeepsItsText() {
        String pretty = Payloads.pretty("{\"ref\":\"u-1\",\"note\":\"<script>alert('x')</script> & more\",\"tags\":[\"a\",\"b\"]}");
        assertThat(pretty).contains("\n  \"ref\" : \"u-1\"", "\"note\" : \"<script>alert('x')</script> & more\"");
    }

    @Test
    void xmlIsIndentedWithoutReadingADoctype() {
        String pretty = Payloads.pretty("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><item><title>A</title><id>tag:x,1</id><x>&e;</x></item>");
        assertThat(pretty).contains("<item>\n  <title>A</title>").doesNotContain("root:");
    }

    @Test
    void anythingElseIsShownAsItCame() {
        assertThat(Payloads.pretty("a,b,c\n1,2,3")).isEqualTo("a,b,c\n1,2,3");
        assertThat(Payloads.pretty("{\"broken\": ")).isEqualTo("{\"broken\": ");
        assertThat(Payloads.pretty(null)).isNull();
    }
}

package org.practicehub.source;

import java.util.Date;
import java.util.Locale;

import com.rometools.rome.io.impl.DateParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A rewritten date is the instant Rome reads from the original; what java.time does not read exactly stays as it was. */
class RomeDatesTest {

    private static Date rome(String text) {
        return DateParser.parseDate(text, Locale.US);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Mon, 23 Nov 2026 10:00:00 +0000",
        "Mon, 23 Nov 2026 10:00:00 GMT",
        "  Mon, 23 Nov 2026 10:00:00 GMT\n",
        "Mon, 23 Nov 2026 10:00 +0200",
        "mon, 23 nov 2026 10:00:00 +0000",
        "Mon, 2 Nov 2026 23:59:59 -0530",
        "23 Nov 2026 10:00:00 -0500",
        "Sat, 29 Feb 2020 12:00:00 +0000",
        "2026-11-23T10:00:00Z",
        "2026-11-23T10:00:00+02:00",
        "2026-11-23T23:30:00-05:30",
    })
    void aRewrittenDateIsTheInstantRomeReadsFromTheOriginal(String text) {
        String canonical = RomeDates.canonical(text);
        assertThat(canonical).isNotNull().endsWith("+00:00");
        assertThat(rome(canonical)).isNotNull().isEqualTo(rome(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Tue, 23 Nov 2026 10:00:00 +0000",   // the wrong weekday: Rome reads it leniently, as before
        "Mon, 23 Nov 2026 10:00:00 EST",
        "Mon, 23 Nov 26 10:00:00 +0000",
        "23 Nov 26 10:00:00 +0000",
        "Mon, 23 Nov 02026 10:00:00 +0000",
        "2026-11-23T10:00:00.5Z",            // Rome reads .5 as 5 ms; left as it was
        "2026-11-23T10:00:00,123+01:00",
        "2026-11-23",
        "2026-11-23T10:00",
        "last Tuesday",
        "",
    })
    void whatJavaTimeDoesNotReadExactlyStaysForRome(String text) {
        assertThat(RomeDates.canonical(text)).isNull();
    }
}

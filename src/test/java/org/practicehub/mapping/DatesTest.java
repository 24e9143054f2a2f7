package org.practicehub.mapping;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DatesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2022-06-14                         | 2022-06-14T00:00:00Z
            2022-06-14T10:15:00+02:00          | 2022-06-14T08:15:00Z
            Tue, 14 Jun 2022 08:15:00 GMT      | 2022-06-14T08:15:00Z
            14/06/2022                         | 2022-06-14T00:00:00Z
            June 2022                          | 2022-06-01T00:00:00Z
            2022                               | 2022-01-01T00:00:00Z
            """)
    void instants(String text, String expected) {
        assertThat(Dates.instant(text)).hasValue(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2020, end year not applicable | 2020       | ongoing
            2019 - 2023                   | 2019       | 2023
            2021-03-01                    | 2021-03-01 | ''
            """)
    void implementationPeriods(String text, String start, String end) {
        assertThat(Dates.implementationDate(text)).hasValue(start);
        assertThat(Dates.periodEnd(text).orElse("")).isEqualTo(end);
    }
}

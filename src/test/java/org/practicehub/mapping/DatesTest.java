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
            28.05.19                           | 2019-05-28T00:00:00Z
            28.05.2019 14:30                   | 2019-05-28T14:30:00Z
            06/14/2022                         | 2022-06-14T00:00:00Z
            2022/06/14                         | 2022-06-14T00:00:00Z
            20220614                           | 2022-06-14T00:00:00Z
            14-6-22                            | 2022-06-14T00:00:00Z
            2022-06                            | 2022-06-01T00:00:00Z
            1655164800                         | 2022-06-14T00:00:00Z
            1655164800000                      | 2022-06-14T00:00:00Z
            junio de 2022                      | 2022-06-01T00:00:00Z
            14 de junio de 2022                | 2022-06-14T00:00:00Z
            juin 2024                          | 2024-06-01T00:00:00Z
            1er juin 2024                      | 2024-06-01T00:00:00Z
            lundi 3 juin 2024                  | 2024-06-03T00:00:00Z
            5 de março de 2021                 | 2021-03-05T00:00:00Z
            setembro 2020                      | 2020-09-01T00:00:00Z
            Monday, June 5, 2023               | 2023-06-05T00:00:00Z
            5th June 2023                      | 2023-06-05T00:00:00Z
            févr. 2021                         | 2021-02-01T00:00:00Z
            Sept 2021                          | 2021-09-01T00:00:00Z
            """)
    void instants(String text, String expected) {
        assertThat(Dates.instant(text)).hasValue(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            el próximo verano
            Summer 2022
            31/02/2022
            13/13/2022
            Phase 2 2019
            n/a
            """)
    void notDates(String text) {
        assertThat(Dates.instant(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            junio de 2022                 | 2022       | ''
            28.05.2019                    | 2019-05-28 | ''
            2020, end year not applicable | 2020       | ongoing
            2019 - 2023                   | 2019       | 2023
            2021-03-01                    | 2021-03-01 | ''
            """)
    void implementationPeriods(String text, String start, String end) {
        assertThat(Dates.implementationDate(text)).hasValue(start);
        assertThat(Dates.periodEnd(text).orElse("")).isEqualTo(end);
    }
}

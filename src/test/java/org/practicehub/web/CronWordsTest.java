package org.practicehub.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A digest's Quartz cron in words on the console, for the common shapes; anything else has no words (the cron is shown). */
class CronWordsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 0 8 ? * MON|Every Monday at 08:00",
            "0 30 7 ? * MON,THU|Every Monday and Thursday at 07:30",
            "0 0 9 ? * MON-FRI|Every weekday (Monday to Friday) at 09:00",
            "0 0 8 ? * 2|Every Monday at 08:00",
            "0 0 8 ? * SAT,SUN|Every Saturday and Sunday at 08:00",
            "0 0 8 * * ?|Every day at 08:00",
            "0 0 8,17 * * ?|Every day at 08:00 and 17:00",
            "0 0 6 1 * ?|On the 1st of every month at 06:00",
            "0 0 6 1,15 * ?|On the 1st and 15th of every month at 06:00",
            "0 0 6 L * ?|On the last day of every month at 06:00",
            "0 0 10 ? * MON#1|On the first Monday of every month at 10:00",
            "0 0 10 ? * 6L|On the last Friday of every month at 10:00",
            "0 0 8 1 JAN,JUL ?|On the 1st of January and July at 08:00",
            "0 0/15 * * * ?|Every 15 minutes",
            "0 */5 * * * ?|Every 5 minutes",
            "0 0 * * * ?|Every hour, on the hour",
            "0 30 */2 * * ?|Every 2 hours, at 30 minutes past",
            "0 0 8 ? * MON *|Every Monday at 08:00",
            "0 0 8 ? * mon|Every Monday at 08:00"})
    void commonShapesInWords(String cron, String words) {
        assertThat(CronWords.of(cron)).hasValue(words);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a cron", "15 0 8 ? * MON", "0 0 8 ? * MON 2027", "0 0 8 1 * MON", "0 0 25 * * ?", "0 5-10 8 * * ?",
            "0 0 8 ? * XYZ", "0 0 8 ? * 9", "0 0 8 W * ?", "0 0 8 ? * MON#7"})
    void otherShapesHaveNoWords(String cron) {
        assertThat(CronWords.of(cron)).isEmpty();
    }
}

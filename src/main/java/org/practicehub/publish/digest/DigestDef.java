package org.practicehub.publish.digest;

import java.time.ZoneId;
import java.util.List;

/**
 * A community-update digest as the facilitator defines it.
 *
 * @param cron       Quartz cron expression, read in {@code timeZone}
 * @param recipients addresses that receive each edition, one message each
 */
public record DigestDef(String id, String title, String network, String cron, ZoneId timeZone, List<String> recipients) {}

package org.practicehub.publish.digest;

import jakarta.mail.internet.MimeMessage;

/** One message of an edition, to one recipient. */
public record Outgoing(long editionId, String digestId, String recipient, MimeMessage message) {}

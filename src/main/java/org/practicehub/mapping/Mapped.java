package org.practicehub.mapping;

import java.time.Instant;

import org.practicehub.model.Practice;

/**
 * A partner record mapped onto the schema, before the store gives it a hub id and provenance.
 *
 * @param recordId the record's id at the partner (falls back to its link)
 * @param url      the record's page at the partner
 */
public record Mapped(String recordId, String url, Instant published, Instant updated, Practice practice) {}

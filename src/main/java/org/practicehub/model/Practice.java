package org.practicehub.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The common practice schema, version 1 (docs/schema/practice-v1.schema.json).
 * One network's record, once mapped, and the hub's stored practice share this shape;
 * the hub fills {@code id}, {@code sources}, {@code firstSeen} and {@code lastChanged}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"schemaVersion", "id", "title", "summary", "description"})
public record Practice(
        int schemaVersion,
        String id,
        String title,
        String summary,
        Description description,
        List<String> practiceTypes,
        GeographicScope geographicScope,
        List<Organisation> partners,
        List<Organisation> donors,
        GcmObjectives gcmObjectives,
        List<String> gcmGuidingPrinciples,
        List<String> sdgs,
        List<String> migrationPhases,
        List<String> themes,
        Implementation implementation,
        String keyBenefits,
        String lessonsLearned,
        String recommendations,
        String innovation,
        List<Link> links,
        String language,
        List<Provenance> sources,
        Map<String, List<String>> unmapped,
        Instant firstSeen,
        Instant lastChanged) {

    public static final int SCHEMA_VERSION = 1;

    /** Long description: sanitised HTML for pages and mail, plain text for search and text mail. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Description(String text, String html) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record GeographicScope(String level, List<String> countries, List<Region> regions) {}

    /** A UN M49 region. */
    public record Region(String code, String name) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Organisation(String name, String acronym, String contact) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record GcmObjectives(List<Integer> primary, List<Integer> secondary) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Implementation(String start, String end) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Link(String url, String rel) {}

    /**
     * Where the practice came from: one entry per network and record that carries it.
     * {@code published} and {@code updated} are the partner's own dates; the others are the hub's.
     * {@code hub} is the hub that read the record from its network (this one, or where it started when it
     * came through other hubs); {@code via} names the hub source it came through, absent when read directly.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Provenance(
            String network,
            String sourceId,
            String recordId,
            String url,
            Instant published,
            Instant updated,
            Instant firstSeen,
            Instant lastChanged,
            String contentHash,
            String hub,
            String via) {}

    public Practice withHubFields(String newId, List<Provenance> newSources, Instant first, Instant changed) {
        return new Practice(SCHEMA_VERSION, newId, title, summary, description, practiceTypes, geographicScope,
                partners, donors, gcmObjectives, gcmGuidingPrinciples, sdgs, migrationPhases, themes,
                implementation, keyBenefits, lessonsLearned, recommendations, innovation, links, language,
                newSources, unmapped, first, changed);
    }

    /** Whether the practice came from this network, directly or through another hub of that name. */
    public boolean cameFrom(String network) {
        return network != null && sources != null && sources.stream().anyMatch(s -> network.equals(s.network()) || network.equals(s.via()));
    }

    /** The networks that carry this practice, in provenance order, without repeats. */
    public List<String> networks() {
        return sources == null ? List.of() : sources.stream().map(Provenance::network).distinct().toList();
    }
}

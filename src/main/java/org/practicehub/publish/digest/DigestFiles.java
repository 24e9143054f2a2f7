package org.practicehub.publish.digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.practicehub.publish.subscription.Addresses;
import org.quartz.CronExpression;

/**
 * The digest definitions: one YAML file per digest in the digests folder (docs/digests.md). A wrong file
 * stops the start with its name, the line and what is wrong. An empty or absent folder gives the one
 * digest of the {@code hub.digest.*} keys.
 */
public final class DigestFiles {

    public static final Set<String> FREQUENCIES = Set.of("daily", "weekly", "monthly");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DigestFiles() {}

    /** The file's shape, as written. */
    record File(String id, String title, String network, String cron, @JsonProperty("timeZone") String timeZone, AudienceFile audience,
            String grouping, TemplateFile template) {}

    record AudienceFile(List<String> frequencies, List<String> addresses) {}

    record TemplateFile(String subject, String intro, Map<String, TemplateFile> translations) {}

    public static List<DigestDef> load(Path dir, DigestDef fallback) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the digests folder " + dir + ": " + e.getMessage(), e);
            }
        }
        if (files.isEmpty()) {
            return List.of(check(fallback, "the hub.digest.* configuration"));
        }
        List<DigestDef> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path f : files) {
            DigestDef d = read(f);
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException(f + ": digest id '" + d.id() + "' is used by another file");
            }
            out.add(d);
        }
        return out;
    }

    static DigestDef read(Path f) {
        File raw;
        try {
            raw = YAML.readValue(f.toFile(), File.class);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(f + ": unknown key '" + e.getPropertyName() + "' (known: id, title, network, cron, timeZone, audience,"
                    + " grouping, template)");
        } catch (JsonMappingException e) {
            String where = e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr();
            throw new IllegalArgumentException(f + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(f + ": " + e.getMessage());
        }
        if (raw == null) {
            throw new IllegalArgumentException(f + ": empty file");
        }
        String name = f.getFileName().toString();
        String defaultId = name.substring(0, name.lastIndexOf('.'));
        ZoneId zone;
        try {
            zone = ZoneId.of(raw.timeZone() == null ? "UTC" : raw.timeZone());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(f + ": timeZone '" + raw.timeZone() + "' is not a time zone (e.g. Asia/Bangkok)");
        }
        DigestDef.Grouping grouping;
        try {
            grouping = raw.grouping() == null ? DigestDef.Grouping.NONE : DigestDef.Grouping.valueOf(raw.grouping().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(f + ": grouping '" + raw.grouping() + "' must be none, theme, phase or objective");
        }
        AudienceFile a = raw.audience() == null ? new AudienceFile(List.of("weekly"), List.of()) : raw.audience();
        DigestDef d = new DigestDef(raw.id() == null ? defaultId : raw.id(), require(f, "title", raw.title()), raw.network() == null ? raw.title() : raw.network(),
                require(f, "cron", raw.cron()), zone,
                new DigestDef.Audience(a.frequencies() == null ? List.of() : a.frequencies(), a.addresses() == null ? List.of() : a.addresses()),
                grouping, template(raw.template()));
        return check(d, f.toString());
    }

    private static DigestDef.Template template(TemplateFile t) {
        if (t == null) {
            return DigestDef.Template.DEFAULT;
        }
        String subject = t.subject() == null ? DigestDef.Template.DEFAULT.subject() : t.subject();
        String intro = t.intro() == null ? DigestDef.Template.DEFAULT.intro() : t.intro();
        Map<String, DigestDef.Template> tr = new LinkedHashMap<>();
        if (t.translations() != null) {
            // a translation that leaves out its subject or intro (or both) says the digest's own
            t.translations().forEach((k, v) -> tr.put(k, new DigestDef.Template(v == null || v.subject() == null ? subject : v.subject(),
                    v == null || v.intro() == null ? intro : v.intro(), Map.of())));
        }
        return new DigestDef.Template(subject, intro, tr);
    }

    private static String require(Path f, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(f + ": '" + key + "' is required");
        }
        return value.trim();
    }

    /** The checks a definition must pass wherever it came from. */
    static DigestDef check(DigestDef d, String where) {
        if (!d.id().matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException(where + ": digest id '" + d.id() + "' must be lower-case letters, digits and '-' (at most 64)");
        }
        try {
            new CronExpression(d.cron());
        } catch (ParseException e) {
            throw new IllegalArgumentException(where + ": cron '" + d.cron() + "' is not a Quartz cron expression: " + e.getMessage());
        }
        for (String fr : d.audience().frequencies()) {
            if (!FREQUENCIES.contains(fr)) {
                throw new IllegalArgumentException(where + ": audience frequency '" + fr + "' must be daily, weekly or monthly");
            }
        }
        for (String a : d.audience().addresses()) {
            Addresses.problem(a).ifPresent(p -> {
                throw new IllegalArgumentException(where + ": audience address '" + a + "': " + p);
            });
        }
        for (String s : List.of(d.title(), d.network(), d.template().subject())) {
            if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
                throw new IllegalArgumentException(where + ": title, network and subject must be one line");
            }
        }
        return d;
    }
}

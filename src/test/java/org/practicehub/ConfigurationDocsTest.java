package org.practicehub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the hub reads against what its documents say: every configuration key the code or the routes read has a
 * default in application.properties and a row in docs/configuration.md; every key and every environment variable the
 * hub, its launcher or its logging read is in docker/README.md, which says it lists every one; and neither document
 * names a key or variable that nothing reads.
 */
class ConfigurationDocsTest {

    static final Path ROOT = TestSupport.project(".");

    static String read(String relative) throws IOException {
        return Files.readString(ROOT.resolve(relative));
    }

    static Set<String> all(Pattern p, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The keys of application.properties, with or without a value. */
    static Set<String> defaults() throws IOException {
        return all(Pattern.compile("(?m)^([a-z][a-z0-9.-]*)\\s*="), read("src/main/resources/application.properties"));
    }

    /** The keys the Java code and the routes read: prop(props, "k"), duration(props, "k"), resolveProperty("k"), {{k}}. */
    static Set<String> readByCode() throws IOException {
        StringBuilder code = new StringBuilder();
        try (Stream<Path> files = Stream.concat(Files.walk(ROOT.resolve("src/main/java")), Files.walk(ROOT.resolve("routes")))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                code.append(Files.readString(f)).append('\n');
            }
        }
        code.append(read("src/main/resources/application.properties"));
        Set<String> keys = all(Pattern.compile("(?:prop|duration)\\(props, \"([a-z][a-z0-9.-]*)\"\\)"), code.toString());
        keys.addAll(all(Pattern.compile("resolveProperty\\(\"([a-z][a-z0-9.-]*)\"\\)"), code.toString()));
        keys.addAll(all(Pattern.compile("addOverrideProperty\\(\"([a-z][a-z0-9.-]*)\""), code.toString()));
        // a property placeholder, not {{env:X}} nor a route template's parameter ({{sourceId}}: no dot)
        keys.addAll(all(Pattern.compile("\\{\\{([a-z][a-z0-9-]*\\.[a-z0-9.-]*)(?::[^}]*)?}}"), code.toString()));
        return keys;
    }

    /** Environment variables read by name: by the properties ({{env:X}}), the logging, the launcher and the image. */
    static Set<String> explicitVariables() throws IOException {
        Set<String> vars = all(Pattern.compile("\\{\\{env:([A-Z_]+)"), read("src/main/resources/application.properties"));
        vars.addAll(all(Pattern.compile("\\$\\{env:([A-Z_]+)"), read("src/main/resources/log4j2.properties")));
        vars.addAll(all(Pattern.compile("\\b(HUB_[A-Z_]+)"), read("bin/practice-hub")));
        vars.addAll(all(Pattern.compile("\\b(HUB_[A-Z_]+)="), read("docker/Dockerfile")));
        try (Stream<Path> files = Files.walk(ROOT.resolve("src/main/java"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                vars.addAll(all(Pattern.compile("getenv\\(\"([A-Z_]+)\"\\)"), Files.readString(f)));
            }
        }
        return vars;
    }

    static String variable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The keys a document's tables give a row: a line starting {@code | `key`}. */
    static Set<String> rows(String text) {
        return all(Pattern.compile("(?m)^\\| `([a-z][a-z0-9.-]*)`"), text);
    }

    @Test
    void everyKeyTheCodeReadsHasADefaultAndEveryDefaultIsRead() throws IOException {
        Set<String> read = readByCode();
        Set<String> defaults = defaults();
        assertThat(defaults).as("keys read by the code with no default in application.properties").containsAll(read);
        // Camel reads its own keys (camel.*) without the hub naming them
        assertThat(read).as("hub keys in application.properties that nothing reads")
                .containsAll(defaults.stream().filter(k -> k.startsWith("hub.")).toList());
    }

    @Test
    void configurationMdHasARowForEveryKeyAndNoneForAKeyThatIsNot() throws IOException {
        Set<String> documented = rows(read("docs/configuration.md"));
        Set<String> defaults = defaults();
        assertThat(documented).as("keys of application.properties missing from docs/configuration.md").containsAll(defaults);
        // Camel's own keys may be documented with Camel's default (camel.health.exposure-level); the hub's must be the hub's
        assertThat(defaults).as("hub keys in docs/configuration.md that application.properties does not have")
                .containsAll(documented.stream().filter(k -> k.startsWith("hub.")).toList());
        String text = read("docs/configuration.md");
        // a key's own variable is documented by its key's row; the others by name
        Set<String> ofKeys = new TreeSet<>(defaults.stream().map(ConfigurationDocsTest::variable).toList());
        assertThat(explicitVariables()).as("variables read by name, in docs/configuration.md").filteredOn(v -> !ofKeys.contains(v))
                .allSatisfy(v -> assertThat(text).contains("`" + v + "`"));
    }

    @Test
    void dockerReadmeListsEveryVariableAndNoneThatIsNotRead() throws IOException {
        String docker = read("docker/README.md");
        Set<String> expected = new TreeSet<>(explicitVariables());
        defaults().stream().filter(k -> k.startsWith("hub.")).map(ConfigurationDocsTest::variable).forEach(expected::add);
        Set<String> named = all(Pattern.compile("`((?:HUB|CAMEL)_[A-Z0-9_]+)`"), docker);
        assertThat(named).as("variables missing from docker/README.md").containsAll(expected);
        Set<String> known = new TreeSet<>(expected);
        defaults().stream().map(ConfigurationDocsTest::variable).forEach(known::add);
        rows(read("docs/configuration.md")).stream().map(ConfigurationDocsTest::variable).forEach(known::add);
        assertThat(known).as("variables in docker/README.md that nothing reads").containsAll(named);
    }
}

package org.practicehub.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.practicehub.source.Kind;
import org.practicehub.source.SourceDef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingFilesTest {

    @TempDir
    Path dir;

    private Path file(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void theProjectMappingsLoad() {
        List<SourceDef> defs = MappingFiles.load(Path.of("mappings"));
        assertThat(defs).extracting(SourceDef::id).containsExactly("apmagnet", "mnh-repository", "p2p-learning");
        assertThat(defs).allSatisfy(d -> assertThat(Files.exists(Path.of(d.location()))).as(d.location()).isTrue());
    }

    @Test
    void aMinimalFeedNeedsFourKeys() throws IOException {
        SourceDef d = MappingFiles.read(file("m.yaml", "id: m\nnetwork: N\nkind: feed\nurl: https://example.org/feed\n"));
        assertThat(d.kind()).isEqualTo(Kind.FEED);
        assertThat(d.isHttp()).isTrue();
        assertThat(d.fields()).isEmpty();
        assertThat(d.enabled()).isTrue();
    }

    @Test
    void relativeUrlsResolveAgainstTheMappingFile() throws IOException {
        SourceDef d = MappingFiles.read(file("m.yaml", "id: m\nnetwork: N\nkind: rss\nurl: ../samples/a.rss\n"));
        assertThat(d.location()).isEqualTo(dir.getParent().resolve("samples/a.rss").toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top key        | id: m\\nnetwork: N\\nkind: feed\\nurl: u\\nshedule: 1h          | 5 | unknown key 'shedule'
            missing url            | id: m\\nnetwork: N\\nkind: feed\\n                             | 1 | missing required key 'url'
            unknown kind           | id: m\\nnetwork: N\\nkind: gopher\\nurl: u                     | 3 | unknown kind 'gopher'
            bad id                 | id: My Source\\nnetwork: N\\nkind: feed\\nurl: u               | 1 | must be lower-case
            unknown field          | id: m\\nnetwork: N\\nkind: feed\\nurl: u\\nfields:\\n  titel: t | 6 | unknown schema field 'titel'
            bad jsonpath           | id: m\\nnetwork: N\\nkind: json\\nurl: u\\nrecords: $.a[*]\\nfields:\\n  title: $.[[ | 7 | bad JSONPath in fields.title
            json without records   | id: m\\nnetwork: N\\nkind: json\\nurl: u                       | 1 | needs 'records'
            bad schedule           | id: m\\nnetwork: N\\nkind: feed\\nurl: u\\nschedule: often      | 5 | schedule 'often'
            not yaml               | id: m\\nnetwork: [N\\nkind: feed                             | 3 | not valid YAML
            duplicate key          | id: m\\nid: n\\nnetwork: N\\nkind: feed\\nurl: u                | 2 | not valid YAML
            value map not a map    | id: m\\nnetwork: N\\nkind: feed\\nurl: u\\nvalues:\\n  themes: x | 6 | must map partner labels
            one value default      | id: m\\nnetwork: N\\nkind: feed\\nurl: u\\ndefaults:\\n  title: [a, b] | 6 | takes one value
            html without html      | id: m\\nnetwork: N\\nkind: html\\nurl: u\\nfields:\\n  title: h2 | 1 | needs 'html'
            html without items     | id: m\\nnetwork: N\\nkind: html\\nurl: u\\nhtml: { next: a }\\nfields:\\n  title: h2 | 5 | html.items is required
            html without fields    | id: m\\nnetwork: N\\nkind: html\\nurl: u\\nhtml: { items: li } | 1 | needs 'fields'
            bad css selector       | id: m\\nnetwork: N\\nkind: html\\nurl: u\\nhtml: { items: li }\\nfields:\\n  title: "h2[" | 7 | bad CSS selector in fields.title
            bad items selector     | id: m\\nnetwork: N\\nkind: html\\nurl: u\\nhtml: { items: "li[" } | 5 | bad CSS selector 'li[' in html.items
            html key on a feed     | id: m\\nnetwork: N\\nkind: feed\\nurl: u\\nhtml: { items: li } | 5 | 'html' only applies to kind html
            next without path      | id: m\\nnetwork: N\\nkind: json-api\\nurl: u\\nrecords: $.a[*]\\npaging: { mode: next } | 6 | needs paging.next-path
            bad next path          | id: m\\nnetwork: N\\nkind: json-api\\nurl: u\\nrecords: $.a[*]\\npaging: { mode: next, next-path: "$.[[" } | 6 | bad JSONPath in paging.next-path
            since without time     | id: m\\nnetwork: N\\nkind: json-api\\nurl: u\\nrecords: $.a[*]\\nsince: "a=b&c=d" | 6 | has no {since}
            since unknown form     | id: m\\nnetwork: N\\nkind: json-api\\nurl: u\\nrecords: $.a[*]\\nsince: "a={since:weeks}" | 6 | unknown form {since:weeks}
            since not a name       | id: m\\nnetwork: N\\nkind: json-api\\nurl: u\\nrecords: $.a[*]\\nsince: "changed since" | 6 | neither a parameter name
            included on csv        | id: m\\nnetwork: N\\nkind: csv\\nurl: u\\nfields:\\n  themes: { path: T, included: x } | 6 | included applies to the JSONPath
            bad template path      | id: m\\nnetwork: N\\nkind: json\\nurl: u\\nrecords: $.a[*]\\nfields:\\n  link: "https://x/{$.[[}" | 7 | bad JSONPath in fields.link
            oai other, no fields   | id: m\\nnetwork: N\\nkind: oai-pmh\\nurl: u\\noai: { metadata-prefix: dim } | 1 | in dim needs 'fields'
            bad xpath              | id: m\\nnetwork: N\\nkind: oai-pmh\\nurl: u\\noai: { metadata-prefix: dim }\\nfields:\\n  title: "dim:field[" | 7 | bad XPath in fields.title
            bad metadata prefix    | id: m\\nnetwork: N\\nkind: oai-pmh\\nurl: u\\noai: { metadata-prefix: "a b" } | 5 | is not a metadata prefix
            auth on a csv folder   | id: m\\nnetwork: N\\nkind: csv\\nurl: drop\\nauth: { env: X } | 5 | applies only to a source read over http
            """)
    void aWrongFileNamesTheFileTheLineAndTheProblem(String name, String yaml, int line, String problem) throws IOException {
        Path f = file("bad.yaml", yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> MappingFiles.read(f))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith(f + ":" + line + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void twoFilesWithOneIdAreRefused() throws IOException {
        file("a.yaml", "id: same\nnetwork: N\nkind: feed\nurl: u\n");
        file("b.yaml", "id: same\nnetwork: N\nkind: feed\nurl: v\n");
        assertThatThrownBy(() -> MappingFiles.load(dir)).hasMessageContaining("b.yaml").hasMessageContaining("already used by");
    }
}

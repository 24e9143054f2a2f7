package org.practicehub;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.io.WireFeedInput;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.jsoup.nodes.Entities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;
import org.practicehub.run.RunReport;
import org.practicehub.run.SourceResult;
import org.practicehub.store.PracticeStore;
import org.xml.sax.InputSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole slice on the real Main, the project's routes/ and mappings/ and the sample files:
 * sources -> schema -> store -> depository -> digest into a real SMTP server (GreenMail).
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false"})
class EndToEndTest {

    private static final Pattern RFC3339 = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    @TempDir
    static Path data;
    static GreenMail mail;
    static TestSupport.Props props = new TestSupport.Props();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;

    @BeforeAll
    static void start() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        props.set("hub.data-dir", data.toString())
                .set("hub.smtp.host", "127.0.0.1")
                .set("hub.smtp.port", String.valueOf(mail.getSmtp().getPort()))
                .set("hub.public-url", "https://hub.example.org");
    }

    @AfterAll
    static void stop() {
        props.close();
        mail.stop();
    }

    @Test
    void samplesGoThroughToTheDepositoryAndOneDigestAndASecondRunChangesNothing() throws Exception {
        RunReport first = template.requestBody("direct:cycle", null, RunReport.class);

        assertThat(first.getSources()).extracting(SourceResult::sourceId).containsExactly("apmagnet", "mnh-repository", "p2p-learning");
        assertThat(first.getSources()).allSatisfy(s -> assertThat(s.error()).isNull());
        assertThat(first.getTotals()).containsEntry("read", 22).containsEntry("new", 21).containsEntry("rejected", 1);
        SourceResult mnh = first.getSources().get(1);
        assertThat(mnh.rejected()).isEqualTo(1);
        assertThat(store.rejected("mnh-repository")).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("no title");
            assertThat(r.payload()).contains("RP-DRAFT-0009");
        });
        // the Atom feed's "Silver linings" category matches no controlled list: kept and counted, not dropped
        assertThat(first.getSources().get(2).unmapped()).containsEntry("keywords", 1);

        Path depository = data.resolve("depository");
        List<Path> practices;
        try (Stream<Path> files = Files.list(depository.resolve("practices"))) {
            practices = files.sorted().toList();
        }
        // 21 records are stored; the Laguna centre, listed by AP-MagNet and by the Migration Network Hub, is one practice
        assertThat(practices).hasSize(20);
        for (Path p : practices) {
            JsonNode doc = TestSupport.JSON.readTree(p.toFile());
            assertThat(TestSupport.practiceViolations(doc)).as("schema violations in %s", p.getFileName()).isEmpty();
        }
        JsonNode index = TestSupport.JSON.readTree(depository.resolve("index.json").toFile());
        assertThat(index.get("count").asInt()).isEqualTo(20);

        JsonNode diploma = practiceTitled(practices, "Diploma in Labor Migration from the Regional Conference on Migration");
        assertThat(diploma.at("/geographicScope/countries").toString()).contains("\"BZ\"", "\"DO\"", "\"US\"", "\"CO\"");
        assertThat(diploma.at("/gcmObjectives/primary").toString()).isEqualTo("[6,18,23]");
        assertThat(diploma.at("/partners/0/acronym").asText()).isEqualTo("RCM");
        assertThat(diploma.at("/partners/0/contact").asText()).isEqualTo("crmst@iom.int");
        assertThat(diploma.at("/implementation/start").asText()).isEqualTo("2020");
        assertThat(diploma.at("/implementation/end").asText()).isEqualTo("ongoing");
        assertThat(diploma.at("/sources/0/network").asText()).isEqualTo("Migration Network Hub");
        assertThat(diploma.at("/sources/0/recordId").asText()).isEqualTo("RP-2022-0147");
        assertThat(diploma.at("/lessonsLearned").asText()).startsWith("Internal evaluation processes");
        JsonNode laguna = practiceTitled(practices, "Laguna Province Establishes a One Stop Migration Resource Center");
        assertThat(laguna.at("/description/html").asText()).contains("<strong>One Stop Migration Resource Center</strong>").doesNotContain("script");
        assertThat(laguna.at("/migrationPhases").toString()).isEqualTo("[\"pre-departure\",\"on-site\",\"return and reintegration\"]");
        assertThat(laguna.at("/links").findValuesAsText("url")).contains("http://apmagnet.ilobkk.or.th/good-practices/laguna-one-stop-centre");
        assertOnlyLagunaMerged(practices);

        checkAtom(depository.resolve("feed.atom"), 20);
        JsonNode jsonFeed = TestSupport.JSON.readTree(depository.resolve("feed.json").toFile());
        assertThat(jsonFeed.get("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
        assertThat(jsonFeed.get("feed_url").asText()).isEqualTo("https://hub.example.org/feeds/practices.json");
        assertThat(jsonFeed.get("items")).hasSize(20).allSatisfy(i -> {
            assertThat(i.get("id").asText()).isNotBlank();
            assertThat(i.get("title").asText()).isNotBlank();
            assertThat(i.has("content_html") || i.has("content_text")).isTrue();
        });

        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("Community Updates: 20 new practices");
        assertThat(m.getHeader("List-Id", null)).contains("community-updates.practice-hub");
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain");
        assertThat(html.getContentType()).startsWith("text/html");
        String textBody = (String) text.getContent();
        String htmlBody = (String) html.getContent();
        for (Path p : practices) {
            JsonNode doc = TestSupport.JSON.readTree(p.toFile());
            String title = doc.get("title").asText();
            assertThat(textBody).contains(title);
            assertThat(htmlBody).contains(Entities.escape(title));
            assertThat(textBody).contains("https://hub.example.org/practices/" + doc.get("id").asText());
        }
        assertThat(first.getDigests()).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("sent");
            assertThat(d.practices()).isEqualTo(20);
        });
        assertThat(Files.list(data.resolve("reports")).toList()).hasSize(1);

        // the second run: nothing new, nothing rewritten, no second digest
        Map<Path, byte[]> before = TestSupport.snapshot(depository);
        RunReport second = template.requestBody("direct:cycle", null, RunReport.class);
        assertThat(second.getTotals()).containsEntry("new", 0).containsEntry("updated", 0).containsEntry("unchanged", 21);
        assertThat(second.getDepository()).containsEntry("filesWritten", 0);
        assertThat(second.getDigests()).singleElement().satisfies(d -> assertThat(d.messages()).isZero());
        assertThat(mail.getReceivedMessages()).hasSize(1);
        Map<Path, byte[]> after = TestSupport.snapshot(depository);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((k, v) -> assertThat(after.get(k)).as("%s unchanged", k).isEqualTo(v));
    }

    /**
     * Deduplication on the samples: the two Laguna records (AP-MagNet and the Migration Network Hub,
     * other ids, titles and URLs) are one practice carrying both networks, and no two distinct practices
     * merged: every other practice holds exactly one record, and all 21 stored records are accounted for.
     */
    private static void assertOnlyLagunaMerged(List<Path> practices) throws Exception {
        int records = 0;
        int merged = 0;
        for (Path p : practices) {
            JsonNode doc = TestSupport.JSON.readTree(p.toFile());
            List<String> recordIds = doc.get("sources").findValuesAsText("recordId");
            records += recordIds.size();
            if (recordIds.size() > 1) {
                merged++;
                assertThat(recordIds).as("the only merged practice").containsExactlyInAnyOrder("apmagnet-gp-0031", "RP-2021-0088");
                assertThat(doc.get("sources").findValuesAsText("network")).containsExactlyInAnyOrder("AP-MagNet", "Migration Network Hub");
            }
        }
        assertThat(records).isEqualTo(21);
        assertThat(merged).isEqualTo(1);
    }

    private static JsonNode practiceTitled(List<Path> files, String title) throws Exception {
        for (Path p : files) {
            JsonNode doc = TestSupport.JSON.readTree(p.toFile());
            if (doc.get("title").asText().equals(title)) {
                return doc;
            }
        }
        throw new AssertionError("no practice titled " + title);
    }

    /** RFC 4287: one id, title and updated on the feed; a self link; every entry with a unique id, a title, an updated; RFC 3339 dates. */
    private static void checkAtom(Path file, int entries) throws Exception {
        String xml = Files.readString(file, StandardCharsets.UTF_8);
        WireFeedInput in = new WireFeedInput();
        Feed feed = (Feed) in.build(new InputSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
        assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
        assertThat(feed.getId()).isNotBlank();
        assertThat(feed.getTitle()).isNotBlank();
        assertThat(feed.getUpdated()).isNotNull();
        assertThat(feed.getOtherLinks()).extracting(Link::getRel).contains("self");
        assertThat(feed.getOtherLinks()).filteredOn(l -> "self".equals(l.getRel())).singleElement()
                .satisfies(l -> assertThat(l.getHref()).isEqualTo("https://hub.example.org/feeds/practices.atom"));
        assertThat(feed.getAuthors()).isNotEmpty();
        assertThat(feed.getEntries()).hasSize(entries);
        Set<String> ids = new HashSet<>();
        for (Entry e : feed.getEntries()) {
            assertThat(ids.add(e.getId())).as("unique entry id %s", e.getId()).isTrue();
            assertThat(e.getTitle()).isNotBlank();
            assertThat(e.getUpdated()).isNotNull();
            assertThat(e.getAlternateLinks()).isNotEmpty();
        }
        assertThat(count(xml, "<id>")).isEqualTo(entries + 1);
        Matcher dates = Pattern.compile("<(updated|published)>([^<]*)</").matcher(xml);
        int n = 0;
        while (dates.find()) {
            assertThat(dates.group(2)).matches(RFC3339);
            n++;
        }
        assertThat(n).isEqualTo(1 + 2 * entries);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}

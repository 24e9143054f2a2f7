package org.practicehub.publish.digest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.nodes.Entities;
import org.practicehub.i18n.Languages;
import org.practicehub.i18n.Messages;
import org.practicehub.mapping.Text;
import org.practicehub.mapping.Vocabularies;
import org.practicehub.model.Practice;

/**
 * The subject and the text and HTML bodies of a digest message, and the HTML page of an edition in the
 * depository; pure string work, so it is tested without mail or Camel. Partner values only ever reach the
 * bodies, escaped for HTML; the subject is the facilitator's template and a count, on one line.
 */
public class DigestRenderer {

    /**
     * One practice in a message; {@code updated} when the member had heard of it before. {@code practice} may be null
     * past the first {@link #maxListed()} items of a letter: those are only counted.
     */
    public record Item(Practice practice, boolean updated) {}

    /**
     * What a message says to one reader.
     *
     * @param manageUrl      the member's manage link, or null (a fixed address, the depository page)
     * @param unsubscribeUrl the member's unsubscribe page, or null
     */
    public record Letter(DigestDef digest, String language, String date, List<Item> items, String manageUrl, String unsubscribeUrl,
            Map<String, String> fragments, org.practicehub.store.EditionNotes.Note note) {

        public Letter(DigestDef digest, String language, String date, List<Item> items, String manageUrl, String unsubscribeUrl) {
            this(digest, language, date, items, manageUrl, unsubscribeUrl, null, null);
        }

        public Letter(DigestDef digest, String language, String date, List<Item> items, String manageUrl, String unsubscribeUrl,
                Map<String, String> fragments) {
            this(digest, language, date, items, manageUrl, unsubscribeUrl, fragments, null);
        }

        /** The same letter with the facilitator's note of its edition (null: none). */
        public Letter withNote(org.practicehub.store.EditionNotes.Note n) {
            return new Letter(digest, language, date, items, manageUrl, unsubscribeUrl, fragments, n);
        }
    }

    /**
     * Where a body is written: a string, or a message's quoted-printable bytes. A practice's part of a message (a
     * block) always starts a line and ends with a line break, so a sink can keep it rendered, and encoded, once per
     * run: thousands of members' messages share the same practices.
     */
    public interface Out {
        void append(String s);

        /**
         * A practice's block: the same in every message of the run for the same practice, state (new or updated) and
         * kind ('t' text, 'h' HTML).
         */
        void block(Item it, char kind, String lang, java.util.function.Supplier<String> render);
    }

    /** The body as a string; with a run's fragment map, each block is rendered once per run. */
    static final class StringOut implements Out {
        final StringBuilder b = new StringBuilder(4096);
        private final Map<String, String> fragments;

        StringOut(Map<String, String> fragments) {
            this.fragments = fragments;
        }

        @Override
        public void append(String s) {
            b.append(s);
        }

        @Override
        public void block(Item it, char kind, String lang, java.util.function.Supplier<String> render) {
            b.append(fragments == null ? render.get() : fragments.computeIfAbsent(key(it, kind, lang), k -> render.get()));
        }
    }

    private static String key(Item it, char kind, String lang) {
        return it.practice().id() + (it.updated() ? "+u" : "+n") + kind + lang;
    }

    private final String publicUrl;
    private final int maxListed;
    private final Messages messages = Messages.member();

    /** @param maxListed how many practices a message lists in full; the rest are counted and linked, so a backlog stays readable */
    public DigestRenderer(String publicUrl, int maxListed) {
        this.publicUrl = publicUrl;
        this.maxListed = maxListed;
    }

    /** How many practices a message lists in full. */
    public int maxListed() {
        return maxListed;
    }

    /** The language a letter is written in: the member's, when the hub writes in it, else English ({@link Languages#of}). */
    public static String lang(Letter l) {
        return Languages.of(l.language());
    }

    public String subject(Letter l) {
        if (l.items().isEmpty() && NoteRenderer.present(l.note())) {
            // an edition of the facilitator's note alone: "0 new practices" would be the wrong news
            return Text.oneLine(l.digest().title() + (l.date() == null ? "" : ", " + l.date()));
        }
        return Text.oneLine(fill(template(l).subject(), l));
    }

    private String intro(Letter l) {
        return fill(template(l).intro(), l);
    }

    /**
     * The digest's words in the letter's language: the facilitator's translation for it, else (Spanish, French) the
     * hub's own default wording in that language, so that the whole message is in one language; English is the
     * digest's own template.
     */
    private DigestDef.Template template(Letter l) {
        DigestDef.Template t = l.digest().template();
        String lang = lang(l);
        if (t.translations() != null && t.translations().containsKey(lang)) {
            return t.forLanguage(lang);
        }
        if (Languages.DEFAULT.equals(lang)) {
            return t;
        }
        return new DigestDef.Template(messages.raw(lang, "digest.template.subject"), messages.raw(lang, "digest.template.intro"), Map.of());
    }

    private String fill(String template, Letter l) {
        int n = l.items().size();
        String lang = lang(l);
        String practices = Languages.DEFAULT.equals(lang) ? (n == 1 ? "practice" : "practices") : messages.get(lang, "digest.practices", n);
        return template.replace("{title}", l.digest().title()).replace("{network}", l.digest().network())
                .replace("{count}", String.valueOf(n)).replace("{practices}", practices)
                .replace("{date}", l.date() == null ? "" : l.date());
    }

    /** A group's heading in the letter's language: a theme or phase by the vocabulary's label, an objective by its number. */
    private String heading(Letter l, String group) {
        String lang = lang(l);
        if (group.equals("Other")) {
            return messages.get(lang, "digest.group.other");
        }
        return switch (l.digest().grouping()) {
            case THEME -> label("themes", group, lang);
            case PHASE -> label("migrationPhases", group, lang);
            case OBJECTIVE -> messages.get(lang, "digest.group.objective", group.substring(group.lastIndexOf(' ') + 1));
            case NONE -> group;
        };
    }

    /** A controlled value in a language: the vocabulary's first label there, else the value (English). */
    private static String label(String vocabulary, String value, String lang) {
        if (Languages.DEFAULT.equals(lang)) {
            return value;
        }
        Map<String, List<String>> byLang = Vocabularies.all().getOrDefault(vocabulary, Map.of()).get(value);
        List<String> labels = byLang == null ? null : byLang.get(lang);
        return labels == null || labels.isEmpty() ? value : labels.get(0);
    }

    /** The practices listed in full, by group in the digest's grouping (a practice under its first group only), in order. */
    Map<String, List<Item>> groups(Letter l) {
        List<Item> listed = l.items().subList(0, Math.min(maxListed, l.items().size()));
        Map<String, List<Item>> out = new LinkedHashMap<>();
        List<String> order = switch (l.digest().grouping()) {
            case THEME -> Vocabularies.THEMES;
            case PHASE -> Vocabularies.PHASES;
            case OBJECTIVE -> Vocabularies.GCM_TITLES.keySet().stream().sorted().map(i -> "GCM objective " + i).toList();
            case NONE -> List.of();
        };
        order.forEach(g -> out.put(g, new ArrayList<>()));
        List<Item> other = new ArrayList<>();
        for (Item i : listed) {
            String g = group(l.digest().grouping(), i.practice());
            (g == null ? other : out.computeIfAbsent(g, k -> new ArrayList<>())).add(i);
        }
        out.values().removeIf(List::isEmpty);
        if (!other.isEmpty()) {
            out.put(l.digest().grouping() == DigestDef.Grouping.NONE ? "" : "Other", other);
        }
        return out;
    }

    private static String group(DigestDef.Grouping g, Practice p) {
        return switch (g) {
            case THEME -> first(Vocabularies.THEMES, p.themes());
            case PHASE -> first(Vocabularies.PHASES, p.migrationPhases());
            case OBJECTIVE -> p.gcmObjectives() == null || p.gcmObjectives().primary() == null || p.gcmObjectives().primary().isEmpty() ? null
                    : "GCM objective " + p.gcmObjectives().primary().stream().sorted().findFirst().get();
            case NONE -> null;
        };
    }

    private static String first(List<String> order, List<String> have) {
        return have == null ? null : order.stream().filter(have::contains).findFirst().orElse(null);
    }

    /** Past the listed practices, a line to the practices' page (a person's page, not the feed). */
    private String more(Letter l, int total) {
        return total <= maxListed ? null : messages.get(lang(l), "digest.more", total - maxListed) + ": " + publicUrl + "/practices";
    }

    public String text(Letter l) {
        StringOut out = new StringOut(l.fragments());
        text(l, out);
        return out.b.toString();
    }

    /** The plain-text body; each practice's block starts after its number and ends with a blank line. */
    public void text(Letter l, Out out) {
        String lang = lang(l);
        StringBuilder b = new StringBuilder();
        String title = l.digest().title();
        b.append(title).append('\n').append("=".repeat(Math.min(72, title.length()))).append("\n\n");
        NoteRenderer.text(l.note(), l.language(), b);
        if (!l.items().isEmpty() || !NoteRenderer.present(l.note())) {
            b.append(intro(l)).append("\n\n");
        }
        int i = 1;
        for (Map.Entry<String, List<Item>> g : groups(l).entrySet()) {
            if (!g.getKey().isEmpty()) {
                b.append(heading(l, g.getKey()).toUpperCase(Languages.locale(lang))).append("\n\n");
            }
            for (Item it : g.getValue()) {
                b.append(i++).append(". ");
                out.append(b.toString());
                b.setLength(0);
                out.block(it, 't', lang, () -> textBlock(it, lang));
            }
        }
        if (more(l, l.items().size()) != null) {
            b.append(more(l, l.items().size())).append("\n\n");
        }
        b.append("-- \n").append(messages.get(lang, "digest.footer", l.digest().network())).append('\n');
        if (l.manageUrl() != null) {
            b.append(messages.get(lang, "digest.manage.text")).append(' ').append(l.manageUrl()).append('\n');
        }
        if (l.unsubscribeUrl() != null) {
            b.append(messages.get(lang, "digest.unsubscribe")).append(": ").append(l.unsubscribeUrl()).append('\n');
        }
        out.append(b.toString());
    }

    private String textBlock(Item it, String lang) {
        Practice p = it.practice();
        StringBuilder b = new StringBuilder();
        b.append(Text.oneLine(p.title())).append(it.updated() ? " " + messages.get(lang, "digest.updated") : "").append('\n');
        line(b, messages.get(lang, "digest.sharedBy"), String.join(", ", p.networks()));
        line(b, messages.get(lang, "digest.countries"), countries(p, lang));
        line(b, messages.get(lang, "digest.phases"), phases(p, lang));
        line(b, messages.get(lang, "digest.gcm"), objectives(p));
        if (p.summary() != null) {
            b.append("   ").append(p.summary()).append('\n');
        }
        b.append("   ").append(link(p)).append("\n\n");
        return b.toString();
    }

    private String htmlBlock(Item it, String lang) {
        Practice p = it.practice();
        // the practice's own words carry its language where it is not the letter's
        String own = ownLang(p, lang);
        String langAttr = own == null ? "" : " lang=\"" + esc(own) + "\"";
        StringBuilder b = new StringBuilder();
        b.append("<div style=\"border-top:1px solid #dde2e8;padding:14px 0;\">")
                .append("<h3 style=\"font-size:17px;margin:0 0 6px 0;\"><a style=\"color:#0b4f8a;\" href=\"").append(esc(link(p))).append("\"")
                .append(langAttr).append(">").append(esc(p.title())).append("</a>");
        if (it.updated()) {
            b.append(" <span style=\"font-size:12px;color:#8a5a00;\">").append(esc(messages.get(lang, "digest.updated"))).append("</span>");
        }
        b.append("</h3><p style=\"margin:0 0 6px 0;font-size:13px;color:#4a5663;\">");
        meta(b, messages.get(lang, "digest.sharedBy"), String.join(", ", p.networks()));
        meta(b, messages.get(lang, "digest.countries"), countries(p, lang));
        meta(b, messages.get(lang, "digest.phases"), phases(p, lang));
        meta(b, messages.get(lang, "digest.gcm"), objectives(p));
        b.append("</p>");
        if (p.summary() != null) {
            b.append("<p style=\"margin:0;font-size:14px;line-height:1.45;\"").append(langAttr).append(">").append(esc(p.summary())).append("</p>");
        }
        b.append("</div>");
        return b.toString();
    }

    /** The HTML body: inline styles only (mail clients drop style sheets), one column, no images. */
    public String html(Letter l) {
        StringOut out = new StringOut(l.fragments());
        html(l, out);
        return out.b.toString();
    }

    /** The HTML body, each practice's block on lines of its own (a line break between blocks is only white space). */
    public void html(Letter l, Out out) {
        String lang = lang(l);
        StringBuilder b = new StringBuilder();
        String title = l.digest().title();
        b.append("<!DOCTYPE html><html lang=\"").append(lang).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\"><title>").append(esc(title))
                .append("</title></head><body style=\"margin:0;padding:16px;background:#f6f7f9;font-family:Arial,Helvetica,sans-serif;color:#1d2630;\">")
                .append("<div style=\"max-width:640px;margin:0 auto;background:#ffffff;padding:24px;border-radius:6px;\">")
                .append("<h1 style=\"font-size:22px;margin:0 0 8px 0;color:#0b4f8a;\">").append(esc(title)).append("</h1>");
        NoteRenderer.html(l.note(), l.language(), b);
        if (!l.items().isEmpty() || !NoteRenderer.present(l.note())) {
            b.append("<p style=\"margin:0 0 20px 0;font-size:14px;\">").append(esc(intro(l))).append("</p>\n");
        }
        for (Map.Entry<String, List<Item>> g : groups(l).entrySet()) {
            if (!g.getKey().isEmpty()) {
                b.append("<h2 style=\"font-size:15px;margin:18px 0 4px 0;color:#4a5663;text-transform:uppercase;letter-spacing:0.5px;\">")
                        .append(esc(heading(l, g.getKey()))).append("</h2>\n");
            }
            for (Item it : g.getValue()) {
                out.append(b.toString());
                b.setLength(0);
                out.block(it, 'h', lang, () -> htmlBlock(it, lang) + "\n");
            }
        }
        if (more(l, l.items().size()) != null) {
            b.append("<p style=\"margin:16px 0 0 0;font-size:14px;\"><a style=\"color:#0b4f8a;\" href=\"").append(esc(publicUrl + "/practices"))
                    .append("\">").append(esc(messages.get(lang, "digest.more", l.items().size() - maxListed))).append("</a></p>");
        }
        b.append("<p style=\"margin:20px 0 0 0;font-size:12px;color:#6b7785;\">").append(esc(messages.get(lang, "digest.footer", l.digest().network())));
        if (l.manageUrl() != null) {
            b.append("<br><a style=\"color:#6b7785;\" href=\"").append(esc(l.manageUrl())).append("\">").append(esc(messages.get(lang, "digest.manage.html")))
                    .append("</a>");
        }
        if (l.unsubscribeUrl() != null) {
            b.append(" &middot; <a style=\"color:#6b7785;\" href=\"").append(esc(l.unsubscribeUrl())).append("\">")
                    .append(esc(messages.get(lang, "digest.unsubscribe"))).append("</a>");
        }
        b.append("</p></div></body></html>");
        out.append(b.toString());
    }

    /** The practice's member page, never the API's JSON: a person follows this link. */
    private String link(Practice p) {
        return org.practicehub.publish.depository.Feeds.practiceUrl(publicUrl, p.id());
    }

    private static void line(StringBuilder b, String label, String value) {
        if (value != null && !value.isEmpty()) {
            b.append("   ").append(label).append(": ").append(value).append('\n');
        }
    }

    private static void meta(StringBuilder b, String label, String value) {
        if (value != null && !value.isEmpty()) {
            b.append("<strong>").append(esc(label)).append(":</strong> ").append(esc(value)).append("<br>");
        }
    }

    private static String countries(Practice p, String lang) {
        if (p.geographicScope() == null || p.geographicScope().countries() == null) {
            return null;
        }
        Locale in = Languages.locale(lang);
        return p.geographicScope().countries().stream()
                .map(c -> new Locale("", c).getDisplayCountry(in))
                .collect(Collectors.joining(", "));
    }

    private static String phases(Practice p, String lang) {
        return p.migrationPhases() == null ? null : p.migrationPhases().stream().map(x -> label("migrationPhases", x, lang)).collect(Collectors.joining(", "));
    }

    /** The practice's language where it differs from the letter's, for a lang attribute; null when the same or not a tag. */
    static String ownLang(Practice p, String lang) {
        String own = p.language() == null ? null : p.language().trim();
        if (own == null || !own.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")) {
            return null;
        }
        return Languages.of(own).equals(lang) && Languages.spoken(own) ? null : own;
    }

    private static String objectives(Practice p) {
        if (p.gcmObjectives() == null || p.gcmObjectives().primary() == null) {
            return null;
        }
        return p.gcmObjectives().primary().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String join(List<String> l) {
        return l == null ? null : String.join(", ", l);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        // most of a message's strings (links, headings, counts) are plain ASCII with nothing to escape: they are
        // asked for in every message, and jsoup's escaper costs more than this look
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' || c > '~' || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') {
                return Entities.escape(s);
            }
        }
        return s;
    }
}

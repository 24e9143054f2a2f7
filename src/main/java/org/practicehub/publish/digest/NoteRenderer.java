package org.practicehub.publish.digest;

import java.util.Locale;

import org.practicehub.mapping.Text;
import org.practicehub.i18n.Languages;
import org.practicehub.i18n.Messages;
import org.practicehub.store.EditionNotes;

/**
 * The facilitator's note in a digest message and on the edition's page: the introduction as paragraphs (a blank line
 * between two), then the news items, each a title, its text and an optional link. The facilitator's words are text,
 * never markup: every character is escaped in the HTML part, and a link is written only when it is an http or https
 * address. Headings in the reader's language (messages/growth_*.properties, through the member bundles' Messages).
 */
public final class NoteRenderer {

    /** The headings, in messages/growth_*.properties. */
    private static final Messages MESSAGES = Messages.member();

    private NoteRenderer() {}

    static boolean present(EditionNotes.Note n) {
        return n != null && !n.isEmpty();
    }

    /** Only an absolute http(s) address without spaces or quotes becomes a link; anything else is left out. */
    public static String safeLink(String link) {
        if (link == null) {
            return null;
        }
        String l = link.strip();
        String lower = l.toLowerCase(Locale.ROOT);
        boolean web = (lower.startsWith("https://") || lower.startsWith("http://")) && l.length() > lower.indexOf("//") + 2;
        return web && l.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`') ? l : null;
    }

    static void text(EditionNotes.Note n, String language, StringBuilder b) {
        if (!present(n)) {
            return;
        }
        b.append(MESSAGES.get(Languages.of(language), "note.heading").toUpperCase(Locale.ROOT)).append("\n\n");
        if (!n.intro().isBlank()) {
            b.append(n.intro().strip().replace("\r\n", "\n")).append("\n\n");
        }
        if (!n.news().isEmpty()) {
            b.append(MESSAGES.get(Languages.of(language), "note.news").toUpperCase(Locale.ROOT)).append("\n\n");
            for (EditionNotes.News item : n.news()) {
                b.append("* ").append(Text.oneLine(item.title())).append('\n');
                if (item.text() != null && !item.text().isBlank()) {
                    b.append("  ").append(item.text().strip().replace("\r\n", "\n").replace("\n", "\n  ")).append('\n');
                }
                String link = safeLink(item.link());
                if (link != null) {
                    b.append("  ").append(link).append('\n');
                }
                b.append('\n');
            }
        }
        b.append("----\n\n");
    }

    static void html(EditionNotes.Note n, String language, StringBuilder b) {
        if (!present(n)) {
            return;
        }
        b.append("<div class=\"edition-note\" style=\"border-left:4px solid #0b4f8a;background:#eef4fa;padding:12px 16px;margin:0 0 20px 0;\">")
                .append("<h2 style=\"font-size:17px;margin:0 0 8px 0;color:#0b3a66;\">").append(DigestRenderer.esc(MESSAGES.get(Languages.of(language), "note.heading")))
                .append("</h2>");
        if (!n.intro().isBlank()) {
            paragraphs(n.intro(), b);
        }
        if (!n.news().isEmpty()) {
            b.append("<h3 style=\"font-size:15px;margin:12px 0 4px 0;color:#0b3a66;\">").append(DigestRenderer.esc(MESSAGES.get(Languages.of(language), "note.news")))
                    .append("</h3>");
            for (EditionNotes.News item : n.news()) {
                b.append("<div class=\"news\" style=\"margin:0 0 10px 0;\"><p style=\"margin:0 0 4px 0;font-size:15px;font-weight:bold;\">")
                        .append(DigestRenderer.esc(Text.oneLine(item.title()))).append("</p>");
                if (item.text() != null && !item.text().isBlank()) {
                    paragraphs(item.text(), b);
                }
                String link = safeLink(item.link());
                if (link != null) {
                    b.append("<p style=\"margin:0;font-size:14px;\"><a style=\"color:#0b4f8a;\" href=\"").append(DigestRenderer.esc(link)).append("\">")
                            .append(DigestRenderer.esc(MESSAGES.get(Languages.of(language), "note.more"))).append(": ")
                            .append(DigestRenderer.esc(Text.oneLine(item.title()))).append("</a></p>");
                }
                b.append("</div>");
            }
        }
        b.append("</div>\n");
    }

    /** Paragraphs at blank lines, line breaks kept within one; every character escaped. */
    private static void paragraphs(String s, StringBuilder b) {
        for (String p : s.strip().replace("\r\n", "\n").split("\n\\s*\n")) {
            b.append("<p style=\"margin:0 0 8px 0;font-size:14px;line-height:1.45;\">");
            String[] lines = p.strip().split("\n");
            for (int i = 0; i < lines.length; i++) {
                b.append(i == 0 ? "" : "<br>").append(DigestRenderer.esc(lines[i]));
            }
            b.append("</p>");
        }
    }
}

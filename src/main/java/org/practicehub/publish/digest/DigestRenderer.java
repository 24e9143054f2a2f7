package org.practicehub.publish.digest;

import java.util.List;
import java.util.stream.Collectors;

import org.jsoup.nodes.Entities;
import org.practicehub.mapping.Text;
import org.practicehub.model.Practice;

/** The text and HTML bodies of a digest edition; pure string work, so it is tested without mail or Camel. */
public class DigestRenderer {

    private final String publicUrl;
    private final int maxListed;

    /** @param maxListed how many practices a message lists in full; the rest are counted and linked, so a backlog stays readable */
    public DigestRenderer(String publicUrl, int maxListed) {
        this.publicUrl = publicUrl;
        this.maxListed = maxListed;
    }

    private String more(int total) {
        return total <= maxListed ? null : "...and " + (total - maxListed) + " more new practices in the shared depository: "
                + publicUrl + "/feeds/practices.atom";
    }

    public String subject(DigestDef d, int count) {
        return Text.oneLine(d.title() + ": " + count + (count == 1 ? " new practice" : " new practices"));
    }

    public String text(DigestDef d, List<Practice> practices) {
        StringBuilder b = new StringBuilder();
        b.append(d.title()).append('\n').append("=".repeat(Math.min(72, d.title().length()))).append("\n\n");
        b.append(practices.size()).append(practices.size() == 1 ? " practice is" : " practices are")
                .append(" new in the shared depository since the last update.\n\n");
        int i = 1;
        for (Practice p : practices.subList(0, Math.min(maxListed, practices.size()))) {
            b.append(i++).append(". ").append(p.title()).append('\n');
            line(b, "Shared by", String.join(", ", p.networks()));
            line(b, "Countries", countries(p));
            line(b, "Phases", join(p.migrationPhases()));
            line(b, "GCM objectives", objectives(p));
            if (p.summary() != null) {
                b.append("   ").append(p.summary()).append('\n');
            }
            b.append("   ").append(link(p)).append("\n\n");
        }
        if (more(practices.size()) != null) {
            b.append(more(practices.size())).append("\n\n");
        }
        b.append("-- \nPractice Hub, for ").append(d.network()).append('\n');
        return b.toString();
    }

    public String html(DigestDef d, List<Practice> practices) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(d.title()))
                .append("</title></head><body style=\"margin:0;padding:16px;background:#f6f7f9;font-family:Arial,Helvetica,sans-serif;color:#1d2630;\">")
                .append("<div style=\"max-width:640px;margin:0 auto;background:#ffffff;padding:24px;border-radius:6px;\">")
                .append("<h1 style=\"font-size:22px;margin:0 0 8px 0;color:#0b4f8a;\">").append(esc(d.title())).append("</h1>")
                .append("<p style=\"margin:0 0 20px 0;font-size:14px;\">").append(practices.size())
                .append(practices.size() == 1 ? " practice is" : " practices are").append(" new in the shared depository since the last update.</p>");
        for (Practice p : practices.subList(0, Math.min(maxListed, practices.size()))) {
            b.append("<div style=\"border-top:1px solid #dde2e8;padding:14px 0;\">")
                    .append("<h2 style=\"font-size:17px;margin:0 0 6px 0;\"><a style=\"color:#0b4f8a;\" href=\"").append(esc(link(p))).append("\">")
                    .append(esc(p.title())).append("</a></h2>")
                    .append("<p style=\"margin:0 0 6px 0;font-size:13px;color:#4a5663;\">");
            meta(b, "Shared by", String.join(", ", p.networks()));
            meta(b, "Countries", countries(p));
            meta(b, "Phases", join(p.migrationPhases()));
            meta(b, "GCM objectives", objectives(p));
            b.append("</p>");
            if (p.summary() != null) {
                b.append("<p style=\"margin:0;font-size:14px;line-height:1.45;\">").append(esc(p.summary())).append("</p>");
            }
            b.append("</div>");
        }
        if (more(practices.size()) != null) {
            b.append("<p style=\"margin:16px 0 0 0;font-size:14px;\"><a style=\"color:#0b4f8a;\" href=\"").append(esc(publicUrl + "/feeds/practices.atom"))
                    .append("\">").append(esc("...and " + (practices.size() - maxListed) + " more new practices in the shared depository")).append("</a></p>");
        }
        b.append("<p style=\"margin:20px 0 0 0;font-size:12px;color:#6b7785;\">Practice Hub, for ").append(esc(d.network())).append("</p>")
                .append("</div></body></html>");
        return b.toString();
    }

    private String link(Practice p) {
        return publicUrl + "/api/practices/" + p.id();
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

    private static String countries(Practice p) {
        if (p.geographicScope() == null || p.geographicScope().countries() == null) {
            return null;
        }
        return p.geographicScope().countries().stream()
                .map(c -> new java.util.Locale("", c).getDisplayCountry(java.util.Locale.ENGLISH))
                .collect(Collectors.joining(", "));
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

    private static String esc(String s) {
        return Entities.escape(s == null ? "" : s);
    }
}

package org.practicehub.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.practicehub.store.EditionNotes;

import static org.practicehub.web.ConsoleText.first;

/**
 * The console's form for the next edition's note: an introduction and up to {@link #NEWS} news items (title, text,
 * optional link), checked here. What the facilitator writes is text: it is escaped wherever it is shown, so nothing in
 * it is refused for looking like markup; a link must be an http or https address.
 */
final class NoteForm {

    static final int NEWS = 3;
    static final int MAX_INTRO = 4000;
    static final int MAX_TITLE = 200;
    static final int MAX_TEXT = 2000;
    static final int MAX_LINK = 500;

    private NoteForm() {}

    /** The form's fields ({@code intro}, {@code title1}, {@code text1}, {@code link1}, ...) as a note, or a 400 naming the fault. */
    static EditionNotes.Note parse(Map<String, List<String>> form) {
        String intro = clean(first(form, "intro"), MAX_INTRO, "The introduction");
        List<EditionNotes.News> news = new ArrayList<>();
        for (int i = 1; i <= NEWS; i++) {
            String title = clean(first(form, "title" + i), MAX_TITLE, "The title of news item " + i);
            String text = clean(first(form, "text" + i), MAX_TEXT, "The text of news item " + i);
            String link = clean(first(form, "link" + i), MAX_LINK, "The link of news item " + i);
            if (title.isEmpty() && text.isEmpty() && link.isEmpty()) {
                continue;
            }
            if (title.isEmpty()) {
                throw new HttpProblem(400, "Bad Request", "News item " + i + " needs a title.");
            }
            if (title.contains("\n")) {
                throw new HttpProblem(400, "Bad Request", "The title of news item " + i + " must be one line.");
            }
            if (!link.isEmpty() && org.practicehub.publish.digest.NoteRenderer.safeLink(link) == null) {
                throw new HttpProblem(400, "Bad Request", "The link of news item " + i + " must be a web address starting with https:// or http://.");
            }
            news.add(new EditionNotes.News(title, text, link.isEmpty() ? null : link));
        }
        return new EditionNotes.Note(intro, news);
    }

    /** The form as the console shows it: the saved note's words, and {@link #NEWS} news slots (empty ones to fill). */
    record Draft(String intro, List<EditionNotes.News> slots, boolean saved) {}

    static Draft draft(java.util.Optional<EditionNotes.Note> saved) {
        List<EditionNotes.News> slots = new ArrayList<>(saved.map(EditionNotes.Note::news).orElse(List.of()));
        while (slots.size() < NEWS) {
            slots.add(new EditionNotes.News("", "", ""));
        }
        return new Draft(saved.map(EditionNotes.Note::intro).orElse(""), slots, saved.isPresent());
    }

    /** Line breaks made \n, characters no mail or page may carry replaced, the ends trimmed; too long is refused. */
    private static String clean(String v, int max, String what) {
        String s = v == null ? "" : org.practicehub.mapping.Chars.replace(v.replace("\r\n", "\n").replace('\r', '\n')).strip();
        if (s.length() > max) {
            throw new HttpProblem(400, "Bad Request", what + " is longer than " + max + " characters.");
        }
        return s;
    }
}

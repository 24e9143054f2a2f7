package org.practicehub.mapping;

/** The minimum a mapped record needs to be stored: a title, and a record id or a link to tell it apart. */
public class Validator {

    static final int MAX_TITLE = 500;

    public Mapped check(Mapped m) {
        String title = m.practice().title();
        if (title == null || title.isBlank()) {
            throw new RejectedRecordException("no title");
        }
        if (title.length() > MAX_TITLE) {
            throw new RejectedRecordException("title longer than " + MAX_TITLE + " characters");
        }
        if (m.recordId() == null || m.recordId().isBlank()) {
            throw new RejectedRecordException("no record id and no link");
        }
        return m;
    }
}

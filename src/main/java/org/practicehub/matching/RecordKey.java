package org.practicehub.matching;

/** One partner record: the source it comes from and its id there. */
public record RecordKey(String sourceId, String recordId) implements Comparable<RecordKey> {

    @Override
    public int compareTo(RecordKey o) {
        int c = sourceId.compareTo(o.sourceId);
        return c != 0 ? c : recordId.compareTo(o.recordId);
    }

    @Override
    public String toString() {
        return sourceId + "/" + recordId;
    }

    /** "source/record", the form the HTTP API takes; the record id may itself hold slashes. */
    public static RecordKey parse(String s) {
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1) {
            throw new IllegalArgumentException("a record is named 'sourceId/recordId', not '" + s + "'");
        }
        return new RecordKey(s.substring(0, slash), s.substring(slash + 1));
    }
}

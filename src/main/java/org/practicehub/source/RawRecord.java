package org.practicehub.source;

import java.util.List;

/** One record of a partner source before mapping: values by path, and the raw payload kept for quarantine. */
public interface RawRecord {

    /** The values at a path (JSONPath or feed element), as text; empty when there is none. */
    List<String> values(String path);

    /**
     * The labels the ids at {@code path} stand for, read at {@code labelPath} in the resources of the document's
     * {@code included} (JSON:API); an id with no such resource gives itself, so that it shows as unmapped. Only JSON
     * records have a document to look in; the others give the values at {@code path}.
     */
    default List<String> related(String path, String labelPath) {
        return values(path);
    }

    /** The record as the partner sent it, for the rejected list. */
    String payload();

    /** Why the record is unusable as it came (a CSV row that does not fit its header), or null. */
    default String defect() {
        return null;
    }
}

package org.practicehub.source;

import java.util.List;

/** One record of a partner source before mapping: values by path, and the raw payload kept for quarantine. */
public interface RawRecord {

    /** The values at a path (JSONPath or feed element), as text; empty when there is none. */
    List<String> values(String path);

    /** The record as the partner sent it, for the rejected list. */
    String payload();

    /** Why the record is unusable as it came (a CSV row that does not fit its header), or null. */
    default String defect() {
        return null;
    }
}

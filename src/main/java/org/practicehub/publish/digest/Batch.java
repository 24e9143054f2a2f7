package org.practicehub.publish.digest;

import java.util.List;

/**
 * What a digest run has to deliver.
 *
 * @param status   "due" when there are messages; otherwise not-due or nothing-new
 */
public record Batch(DigestDef digest, String status, int practices, List<Outgoing> messages) {}

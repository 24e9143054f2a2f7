package org.practicehub.publish.digest;

/**
 * One message of a digest run, to one reader: a member (with its subscription id) or a fixed address.
 *
 * @param items   positions in the run's practices, in order
 * @param updated per item, whether the reader had heard of the practice before (it comes back changed)
 */
public record Send(String subscriptionId, String email, String language, int[] items, boolean[] updated) {

    public boolean member() {
        return subscriptionId != null;
    }
}

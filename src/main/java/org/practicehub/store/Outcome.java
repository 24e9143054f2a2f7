package org.practicehub.store;

/** What storing one mapped record did. */
public enum Outcome {
    NEW, UPDATED, UNCHANGED,
    /** A practice from another hub whose every record started at this hub: it came back, nothing to store. */
    ECHO
}

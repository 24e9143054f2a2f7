package org.practicehub.store;

/** What storing one mapped record did. */
public enum Outcome {
    NEW, UPDATED, UNCHANGED
}

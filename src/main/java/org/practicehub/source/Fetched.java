package org.practicehub.source;

/** A fetched document: its bytes, with the content type when the transport gave one. */
public record Fetched(byte[] body, String contentType, String location) {}

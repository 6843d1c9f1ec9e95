package dev.switchboard.events.orders;

/**
 * One field error of a body checked against an order source's schema.
 *
 * @param pointer RFC 6901 JSON Pointer of the offending field, e.g.
 * {@code /form/client/email}; empty for the whole document
 * @param message what is wrong, in words
 */
public record SchemaViolation(String pointer, String message) {

}

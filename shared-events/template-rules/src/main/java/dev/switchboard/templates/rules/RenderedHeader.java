package dev.switchboard.templates.rules;

import java.util.Map;

/**
 * A template's header as the recipient sees it.
 *
 * @param format TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION, …
 * @param text the text with its variable filled in; null for other formats
 * @param media the media or location object the send gives ({@code id} or {@code link},
 * or latitude, longitude, name and address); null for a text header
 */
public record RenderedHeader(String format, String text, Map<String, Object> media) {

}

package dev.switchboard.http;

import java.util.regex.Pattern;

import dev.switchboard.events.EventEnvelope;

/**
 * Request and correlation ids. Generated ids are random version 4 UUIDs
 * ({@link EventEnvelope#randomId()}): unique enough for tracing, and they never read the
 * OS entropy pool on an event loop.
 */
public final class RequestIds {

	/** What an incoming id may look like; anything else is replaced, not echoed. */
	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private RequestIds() {
	}

	public static boolean isAcceptable(String id) {
		return id != null && ACCEPTED.matcher(id).matches();
	}

	public static String generate() {
		return EventEnvelope.randomId();
	}

}

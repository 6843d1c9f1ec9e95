package dev.switchboard.events.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request and correlation ids. Generated ids are random UUIDs from
 * {@link ThreadLocalRandom}: unique enough for tracing, and unlike
 * {@link UUID#randomUUID()} they never read the OS entropy pool on an event loop.
 */
final class RequestIds {

	/** What an incoming id may look like; anything else is replaced, not echoed. */
	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private RequestIds() {
	}

	static boolean isAcceptable(String id) {
		return id != null && ACCEPTED.matcher(id).matches();
	}

	static String generate() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
		return new UUID(most, least).toString();
	}

}

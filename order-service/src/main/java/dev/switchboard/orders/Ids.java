package dev.switchboard.orders;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version 4 UUIDs for messages and events. They come from
 * {@link ThreadLocalRandom}: unique enough for identifiers that are never secrets, and
 * unlike {@link UUID#randomUUID()} they never read the OS entropy pool on an event loop.
 */
public final class Ids {

	private Ids() {
	}

	public static UUID random() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
		return new UUID(most, least);
	}

}

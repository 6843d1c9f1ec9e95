package dev.switchboard.events;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for events, messages, orders and requests. They need
 * uniqueness, not secrecy: {@link UUID#randomUUID()} reads the OS entropy pool through a
 * secure random that may block an event loop, a thread-local generator never blocks.
 */
public final class Uuids {

	private static final long VERSION_MASK = 0xF000L;

	private static final long VERSION_4 = 0x4000L;

	private static final long VARIANT_MASK = 0xC000L << 48;

	private static final long VARIANT_RFC_4122 = 0x8000L << 48;

	private Uuids() {
	}

	public static UUID random() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & ~VERSION_MASK) | VERSION_4;
		long least = (random.nextLong() & ~VARIANT_MASK) | VARIANT_RFC_4122;
		return new UUID(most, least);
	}

}

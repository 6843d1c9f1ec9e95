package dev.switchboard.simulators;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique ids in the shapes Meta uses; no SecureRandom so nothing blocks on an event loop.
 */
final class Ids {

	private static final AtomicLong SEQUENCE = new AtomicLong();

	private Ids() {
	}

	/**
	 * A {@code wamid.} followed by base64 of the recipient, a sequence and random bytes.
	 */
	static String wamid(String recipientDigits) {
		byte[] recipient = recipientDigits.getBytes(StandardCharsets.US_ASCII);
		ByteBuffer raw = ByteBuffer.allocate(recipient.length + 16);
		raw.put(recipient);
		raw.putLong(SEQUENCE.incrementAndGet());
		raw.putLong(ThreadLocalRandom.current().nextLong());
		return "wamid." + Base64.getEncoder().encodeToString(raw.array());
	}

	/** 32 random hex characters, like a conversation id. */
	static String hex32() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
	}

}

package dev.switchboard.ingest.whatsapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * WhatsApp webhook bodies for tests: fixture files and generated batches.
 */
public final class WebhookFixtures {

	public static final String DEMO_PHONE_NUMBER_ID = "100000000000001";

	public static final String DEMO_SECRET = "demo-app-secret";

	private WebhookFixtures() {
	}

	public static byte[] fixture(String name) {
		try (InputStream in = WebhookFixtures.class.getResourceAsStream("/whatsapp/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture " + name);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A body of {@code entries} entries, each with one {@code messages} change holding
	 * {@code statusesPerEntry} statuses to distinct recipients.
	 */
	public static byte[] statusBatch(String phoneNumberId, int entries, int statusesPerEntry) {
		List<String> entryJson = new ArrayList<>();
		for (int entry = 0; entry < entries; entry++) {
			List<String> statuses = new ArrayList<>();
			for (int index = 0; index < statusesPerEntry; index++) {
				statuses.add(status("wamid.BATCH-" + entry + "-" + index, "delivered", "1650555" + pad(entry, index)));
			}
			entryJson.add(entry(phoneNumberId, String.join(",", statuses)));
		}
		return envelope(String.join(",", entryJson));
	}

	public static String status(String wamid, String status, String recipientId) {
		return """
				{"id":"%s","status":"%s","timestamp":"1750030073","recipient_id":"%s"}""".formatted(wamid, status,
				recipientId);
	}

	/** A status reported at the given time (recent ones are deduplicated). */
	public static String statusAt(String wamid, String status, String recipientId, long epochSeconds) {
		return """
				{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"%s"}""".formatted(wamid, status, epochSeconds,
				recipientId);
	}

	/** A batch of recent statuses with wamids unique to the prefix. */
	public static byte[] recentStatusBatch(String phoneNumberId, String wamidPrefix, int entries,
			int statusesPerEntry) {
		long now = System.currentTimeMillis() / 1000;
		List<String> entryJson = new ArrayList<>();
		for (int entry = 0; entry < entries; entry++) {
			List<String> statuses = new ArrayList<>();
			for (int index = 0; index < statusesPerEntry; index++) {
				statuses.add(statusAt(wamidPrefix + "-" + entry + "-" + index, "delivered",
						"1650555" + pad(entry, index), now));
			}
			entryJson.add(entry(phoneNumberId, String.join(",", statuses)));
		}
		return envelope(String.join(",", entryJson));
	}

	public static String entry(String phoneNumberId, String statusesJson) {
		return """
				{"id":"200000000000001","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",\
				"metadata":{"display_phone_number":"15550000001","phone_number_id":"%s"},"statuses":[%s]}}]}"""
			.formatted(phoneNumberId, statusesJson);
	}

	public static byte[] envelope(String entriesJson) {
		return ("{\"object\":\"whatsapp_business_account\",\"entry\":[" + entriesJson + "]}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static String pad(int entry, int index) {
		return "%02d%04d".formatted(entry, index);
	}

}

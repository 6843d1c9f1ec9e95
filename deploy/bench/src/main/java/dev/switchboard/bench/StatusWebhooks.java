package dev.switchboard.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The signed Meta status webhooks {@link StatusBench} posts: the load's, written to a
 * file for wrk, and the probe's, one at a time.
 */
final class StatusWebhooks {

	/** The demo channel's app secret, which signs every webhook. */
	static final String APP_SECRET = "demo-app-secret";

	/** Messages per block: their sent, then delivered, then read statuses. */
	static final int BLOCK = 1_000;

	private static final String NUMBER = "100000000000001";

	private static final String WABA = "200000000000001";

	private StatusWebhooks() {
	}

	/**
	 * One line per webhook: {@code sha256=<hex> TAB body}; blocks of messages get their
	 * sent, then delivered, then read statuses, {@code perWebhook} consecutive ones in a
	 * webhook (Meta batches up to 1,000, without guarantee).
	 */
	static void writeBodies(Path file, int messages, int perWebhook) throws Exception {
		long base = Instant.now().getEpochSecond();
		String[] statuses = { "sent", "delivered", "read" };
		List<String> pending = new ArrayList<>(perWebhook);
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			for (int block = 0; block < messages; block += BLOCK) {
				int end = Math.min(messages, block + BLOCK);
				for (int s = 0; s < statuses.length; s++) {
					for (int i = block; i < end; i++) {
						pending.add(status("wamid.bench." + i, "+97252" + digits(i), statuses[s], base + s));
						if (pending.size() == perWebhook) {
							String body = webhook(pending);
							out.write(StatusBenchProbe.signature(APP_SECRET, body));
							out.write('\t');
							out.write(body);
							out.write('\n');
							pending.clear();
						}
					}
				}
			}
		}
	}

	/** A Meta status webhook for the demo number with one status. */
	static String webhook(String wamid, String recipient, String status, long timestamp) {
		return webhook(List.of(status(wamid, recipient, status, timestamp)));
	}

	/** A Meta status webhook for the demo number, as the Cloud API posts it. */
	private static String webhook(List<String> statuses) {
		return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + WABA + "\",\"changes\":[{\"field\":"
				+ "\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
				+ "\"15550000001\",\"phone_number_id\":\"" + NUMBER + "\"},\"statuses\":[" + String.join(",", statuses)
				+ "]}}]}]}";
	}

	private static String status(String wamid, String recipient, String status, long timestamp) {
		return "{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + timestamp
				+ "\",\"recipient_id\":\"" + recipient.substring(1) + "\"}";
	}

	static String digits(int i) {
		return String.format(Locale.ROOT, "%07d", i);
	}

}

package dev.switchboard.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The signed Meta message webhooks {@link InboxBench} posts (one customer text message
 * each, with the customer's profile in {@code contacts}, as the Cloud API posts them):
 * the load's, written to a file for wrk, and the probe's, one at a time.
 */
final class InboundWebhooks {

	/** The load's customers: {@code +97255} and seven digits. */
	static final String CUSTOMERS = "+97255";

	private static final String NUMBER = "100000000000001";

	private static final String WABA = "200000000000001";

	private InboundWebhooks() {
	}

	/**
	 * One line per webhook: {@code sha256=<hex> TAB body}; message {@code i} comes from
	 * customer {@code i % customers}, so every customer writes every {@code customers}-th
	 * message: its conversation opens with the first and is updated by the others.
	 */
	static void writeBodies(Path file, int messages, int customers) throws Exception {
		long base = Instant.now().getEpochSecond();
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			for (int i = 0; i < messages; i++) {
				int customer = i % customers;
				String body = webhook(CUSTOMERS + StatusWebhooks.digits(customer), "Customer " + customer,
						"wamid.inbound.bench." + i, "Bench message " + i, base + i / 1000);
				out.write(StatusBenchProbe.signature(StatusWebhooks.APP_SECRET, body));
				out.write('\t');
				out.write(body);
				out.write('\n');
			}
		}
	}

	/**
	 * A Meta webhook with one text message to the demo number.
	 * @param from the customer's number in E.164
	 * @param name the customer's profile name (letters, digits and spaces)
	 * @param wamid the message's id
	 * @param text the message (letters, digits and spaces)
	 * @param timestamp when the customer sent it, epoch seconds
	 */
	static String webhook(String from, String name, String wamid, String text, long timestamp) {
		String waId = from.substring(1);
		return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + WABA + "\",\"changes\":[{\"field\":"
				+ "\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
				+ "\"15550000001\",\"phone_number_id\":\"" + NUMBER + "\"},\"contacts\":[{\"profile\":{\"name\":\""
				+ name + "\"},\"wa_id\":\"" + waId + "\"}],\"messages\":[{\"from\":\"" + waId + "\",\"id\":\"" + wamid
				+ "\",\"timestamp\":\"" + timestamp + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text
				+ "\"}}]}}]}]}";
	}

}

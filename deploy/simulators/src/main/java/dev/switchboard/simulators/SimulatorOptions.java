package dev.switchboard.simulators;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the simulators.
 *
 * @param port HTTP port to listen on, 0 for a random free port
 * @param webhookUrl where the Meta simulator posts its webhooks (the webhook-ingest
 * endpoint)
 * @param appSecrets app secret per phone_number_id, used to sign webhooks; unknown phone
 * numbers sign with the demo number's secret or, without it, the smallest
 * phone_number_id's
 * @param sentDelay time from an accepted send to the {@code sent} status webhook
 * @param deliveredDelay time from an accepted send to the {@code delivered} status
 * webhook
 * @param readDelay time from an accepted send to the {@code read} status webhook
 * @param wabaIds WhatsApp Business Account id per phone_number_id (webhook
 * {@code entry[].id}); unknown phone numbers use {@value #DEFAULT_WABA_ID}
 * @param displayPhoneNumbers display phone number per phone_number_id (webhook metadata)
 */
public record SimulatorOptions(int port, String webhookUrl, Map<String, String> appSecrets, Duration sentDelay,
		Duration deliveredDelay, Duration readDelay, Map<String, String> wabaIds,
		Map<String, String> displayPhoneNumbers) {

	/** The demo tenant's phone_number_id. */
	public static final String DEMO_PHONE_NUMBER_ID = "100000000000001";

	/** WABA id used for phone numbers without an explicit one. */
	public static final String DEFAULT_WABA_ID = "200000000000001";

	/** The demo tenant's app secret. */
	public static final String DEMO_APP_SECRET = "demo-app-secret";

	/** The demo tenant's display phone number. */
	public static final String DEMO_DISPLAY_PHONE_NUMBER = "15550000001";

	public SimulatorOptions {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port out of range: " + port);
		}
		Objects.requireNonNull(webhookUrl, "webhookUrl");
		appSecrets = Map.copyOf(appSecrets);
		if (appSecrets.isEmpty()) {
			throw new IllegalArgumentException("at least one app secret is needed to sign webhooks");
		}
		requireNotNegative(sentDelay, "sentDelay");
		requireNotNegative(deliveredDelay, "deliveredDelay");
		requireNotNegative(readDelay, "readDelay");
		wabaIds = Map.copyOf(wabaIds);
		displayPhoneNumbers = Map.copyOf(displayPhoneNumbers);
	}

	/** Options without per-number WABA ids or display numbers (defaults apply). */
	public SimulatorOptions(int port, String webhookUrl, Map<String, String> appSecrets, Duration sentDelay,
			Duration deliveredDelay, Duration readDelay) {
		this(port, webhookUrl, appSecrets, sentDelay, deliveredDelay, readDelay,
				Map.of(DEMO_PHONE_NUMBER_ID, DEFAULT_WABA_ID), Map.of(DEMO_PHONE_NUMBER_ID, DEMO_DISPLAY_PHONE_NUMBER));
	}

	/**
	 * Random port, webhooks to the local webhook-ingest, the demo phone number with its
	 * secret, statuses after 100/200/300 ms.
	 */
	public static SimulatorOptions defaults() {
		return new SimulatorOptions(0, "http://localhost:8081/webhooks/whatsapp",
				Map.of(DEMO_PHONE_NUMBER_ID, DEMO_APP_SECRET), Duration.ofMillis(100), Duration.ofMillis(200),
				Duration.ofMillis(300));
	}

	public SimulatorOptions withPort(int port) {
		return new SimulatorOptions(port, this.webhookUrl, this.appSecrets, this.sentDelay, this.deliveredDelay,
				this.readDelay, this.wabaIds, this.displayPhoneNumbers);
	}

	public SimulatorOptions withWebhookUrl(String webhookUrl) {
		return new SimulatorOptions(this.port, webhookUrl, this.appSecrets, this.sentDelay, this.deliveredDelay,
				this.readDelay, this.wabaIds, this.displayPhoneNumbers);
	}

	/** Adds (or replaces) the app secret of one phone number. */
	public SimulatorOptions withAppSecret(String phoneNumberId, String appSecret) {
		return new SimulatorOptions(this.port, this.webhookUrl, put(this.appSecrets, phoneNumberId, appSecret),
				this.sentDelay, this.deliveredDelay, this.readDelay, this.wabaIds, this.displayPhoneNumbers);
	}

	/** Each delay counts from the accepted send. */
	public SimulatorOptions withDelays(Duration sentDelay, Duration deliveredDelay, Duration readDelay) {
		return new SimulatorOptions(this.port, this.webhookUrl, this.appSecrets, sentDelay, deliveredDelay, readDelay,
				this.wabaIds, this.displayPhoneNumbers);
	}

	/** Sets the WABA id that webhooks of one phone number carry. */
	public SimulatorOptions withWabaId(String phoneNumberId, String wabaId) {
		return new SimulatorOptions(this.port, this.webhookUrl, this.appSecrets, this.sentDelay, this.deliveredDelay,
				this.readDelay, put(this.wabaIds, phoneNumberId, wabaId), this.displayPhoneNumbers);
	}

	/** Sets the display phone number that webhooks of one phone number carry. */
	public SimulatorOptions withDisplayPhoneNumber(String phoneNumberId, String displayPhoneNumber) {
		return new SimulatorOptions(this.port, this.webhookUrl, this.appSecrets, this.sentDelay, this.deliveredDelay,
				this.readDelay, this.wabaIds, put(this.displayPhoneNumbers, phoneNumberId, displayPhoneNumber));
	}

	private static Map<String, String> put(Map<String, String> map, String key, String value) {
		Map<String, String> copy = new LinkedHashMap<>(map);
		copy.put(Objects.requireNonNull(key, "phoneNumberId"), Objects.requireNonNull(value));
		return copy;
	}

	private static void requireNotNegative(Duration delay, String name) {
		if (delay == null || delay.isNegative()) {
			throw new IllegalArgumentException(name + " must be zero or positive");
		}
	}

}

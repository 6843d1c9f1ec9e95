package dev.switchboard.gateway.tenants;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.EncryptedSecret;
import dev.switchboard.events.tenants.OrderSourceConfig;
import dev.switchboard.events.tenants.TenantSecret;
import dev.switchboard.tenants.SecretCipher;

/**
 * What an operator sends to create tenants, channels and order sources, with the checks
 * each must pass. Plaintext secrets live only here and are encrypted on the way to the
 * store, bound to where they belong.
 */
final class TenantRequests {

	static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	static final Pattern PLAN = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

	private static final Pattern DIGITS = Pattern.compile("[0-9]{1,32}");

	/** Meta's template names: lower case letters, digits and underscores. */
	private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9_]{1,512}");

	private static final int MOST_TEMPLATE_FALLBACKS = 200;

	private TenantRequests() {
	}

	/**
	 * A new tenant.
	 *
	 * @param id tenant id, lower case letters, digits and dashes
	 * @param name display name
	 * @param plan rate-limit plan, {@code standard} when absent
	 */
	record NewTenant(String id, String name, String plan) {

		List<String> errors() {
			List<String> errors = new ArrayList<>();
			if (this.id == null || !ID.matcher(this.id).matches()) {
				errors.add("id: 1-63 lower case letters, digits or dashes");
			}
			if (this.name == null || this.name.isBlank() || this.name.length() > 200) {
				errors.add("name: required, at most 200 characters");
			}
			if (this.plan != null && !PLAN.matcher(this.plan).matches()) {
				errors.add("plan: 1-32 lower case letters, digits or dashes");
			}
			return errors;
		}

		String planOrDefault() {
			return (this.plan != null) ? this.plan : "standard";
		}

	}

	/**
	 * A new channel. META needs phone number id, access token and at least one app
	 * secret; CBB needs base URL and access token.
	 *
	 * @param channelId channel id, unique in the tenant
	 * @param provider {@code META} or {@code CBB}
	 * @param phoneNumberId Meta phone number id
	 * @param wabaId WhatsApp Business Account id
	 * @param accessToken Graph API or CBB access token
	 * @param appSecrets Meta app secrets (two during a rotation)
	 * @param verifyToken webhook handshake verify token
	 * @param messagesPerSecond the number's send rate
	 * @param baseUrl CBB base URL
	 * @param customFields CBB custom-field map
	 * @param templateFallbacks per template name, the template name sent in its place
	 * while it is PAUSED or DISABLED; may be absent
	 */
	record NewChannel(String channelId, String provider, String phoneNumberId, String wabaId, String accessToken,
			List<String> appSecrets, String verifyToken, Integer messagesPerSecond, String baseUrl,
			Map<String, String> customFields, Map<String, Object> templateFallbacks) {

		/** A channel without template fallbacks. */
		NewChannel(String channelId, String provider, String phoneNumberId, String wabaId, String accessToken,
				List<String> appSecrets, String verifyToken, Integer messagesPerSecond, String baseUrl,
				Map<String, String> customFields) {
			this(channelId, provider, phoneNumberId, wabaId, accessToken, appSecrets, verifyToken, messagesPerSecond,
					baseUrl, customFields, null);
		}

		List<String> errors() {
			List<String> errors = new ArrayList<>();
			if (this.channelId == null || !ID.matcher(this.channelId).matches()) {
				errors.add("channelId: 1-63 lower case letters, digits or dashes");
			}
			if (blank(this.accessToken)) {
				errors.add("accessToken: required");
			}
			if (this.messagesPerSecond != null && (this.messagesPerSecond < 1 || this.messagesPerSecond > 10_000)) {
				errors.add("messagesPerSecond: between 1 and 10000");
			}
			if (ChannelConfig.META.equals(this.provider)) {
				if (this.phoneNumberId == null || !DIGITS.matcher(this.phoneNumberId).matches()) {
					errors.add("phoneNumberId: required for META, digits only");
				}
				if (this.wabaId != null && !DIGITS.matcher(this.wabaId).matches()) {
					errors.add("wabaId: digits only");
				}
				if (this.appSecrets == null || this.appSecrets.isEmpty() || this.appSecrets.size() > 2
						|| this.appSecrets.stream().anyMatch(TenantRequests::blank)) {
					errors.add("appSecrets: one or two non-blank secrets required for META");
				}
			}
			else if (ChannelConfig.CBB.equals(this.provider)) {
				if (blank(this.baseUrl)) {
					// Its form and addresses are the outbound URL policy's to judge.
					errors.add("baseUrl: required for CBB");
				}
			}
			else {
				errors.add("provider: META or CBB");
			}
			return errors;
		}

		ChannelConfig encrypt(String tenantId, SecretCipher cipher) {
			String bound = tenantId + "/" + this.channelId + "/";
			EncryptedSecret token = cipher.encrypt(this.accessToken, bound + "accessToken");
			List<EncryptedSecret> secrets = (this.appSecrets != null)
					? this.appSecrets.stream().map((secret) -> cipher.encrypt(secret, bound + "appSecret")).toList()
					: List.of();
			EncryptedSecret verify = blank(this.verifyToken) ? null
					: cipher.encrypt(this.verifyToken, bound + "verifyToken");
			boolean meta = ChannelConfig.META.equals(this.provider);
			return new ChannelConfig(this.channelId, this.provider, meta ? this.phoneNumberId : null,
					meta ? this.wabaId : null, token, meta ? secrets : List.of(), meta ? verify : null,
					this.messagesPerSecond, meta ? null : this.baseUrl, meta ? Map.of() : this.customFields, true,
					TenantRequests.templateFallbacks(this.templateFallbacks));
		}

		@Override
		public String toString() {
			return "NewChannel[channelId=" + this.channelId + ", provider=" + this.provider + "]";
		}

	}

	/**
	 * The template fallbacks of an existing channel, replacing those it had.
	 *
	 * @param templateFallbacks per template name, the template name sent in its place
	 * while it is PAUSED or DISABLED; empty or absent for none
	 */
	record ChannelTemplateFallbacks(Map<String, Object> templateFallbacks) {
	}

	/**
	 * What is wrong with a channel's template fallbacks, each naming the entry: a JSON
	 * object of template name to template name, Meta's names (lower case letters, digits,
	 * underscores), no template its own fallback.
	 * @param fallbacks the fallbacks as sent, may be null
	 * @return the problems, empty when they are fine
	 */
	static List<String> templateFallbackErrors(Map<String, Object> fallbacks) {
		if (fallbacks == null) {
			return List.of();
		}
		List<String> errors = new ArrayList<>();
		if (fallbacks.size() > MOST_TEMPLATE_FALLBACKS) {
			errors.add("templateFallbacks: at most " + MOST_TEMPLATE_FALLBACKS + " templates");
		}
		fallbacks.forEach((name, fallback) -> {
			String field = "templateFallbacks." + name;
			if (!TEMPLATE_NAME.matcher(name).matches()) {
				errors.add("templateFallbacks: '" + name + "' is not a template name (lower case letters, digits, _)");
			}
			else if (!(fallback instanceof String fallbackName)) {
				errors.add(field + ": the fallback's template name as a string, not " + jsonType(fallback));
			}
			else if (!TEMPLATE_NAME.matcher(fallbackName).matches()) {
				errors.add(field + ": '" + fallbackName + "' is not a template name (lower case letters, digits, _)");
			}
			else if (fallbackName.equals(name)) {
				errors.add(field + ": a template cannot be its own fallback");
			}
		});
		return errors;
	}

	private static String jsonType(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof Map) {
			return "an object";
		}
		if (value instanceof List) {
			return "an array";
		}
		if (value instanceof String) {
			return "a string";
		}
		return (value instanceof Boolean) ? "a boolean" : "a number";
	}

	/** Fallbacks that passed {@link #templateFallbackErrors}. */
	static Map<String, String> templateFallbacks(Map<String, Object> fallbacks) {
		Map<String, String> checked = new LinkedHashMap<>();
		if (fallbacks != null) {
			fallbacks.forEach((name, fallback) -> checked.put(name, (String) fallback));
		}
		return checked;
	}

	/**
	 * The Standard Webhooks signing secrets of an order source (two during a rotation).
	 *
	 * @param signingSecrets {@code whsec_…} secrets
	 */
	record OrderSourceSecrets(List<String> signingSecrets) {

		List<String> errors() {
			if (this.signingSecrets == null || this.signingSecrets.isEmpty() || this.signingSecrets.size() > 2
					|| this.signingSecrets.stream()
						.anyMatch((secret) -> blank(secret) || !secret.startsWith("whsec_"))) {
				return List.of("signingSecrets: one or two whsec_ secrets required");
			}
			return List.of();
		}

		OrderSourceConfig encrypt(String tenantId, String source, SecretCipher cipher) {
			String bound = tenantId + "/orders/" + source + "/signingSecret";
			return new OrderSourceConfig(source,
					this.signingSecrets.stream().map((secret) -> cipher.encrypt(secret, bound)).toList());
		}

		@Override
		public String toString() {
			return "OrderSourceSecrets[count=" + ((this.signingSecrets != null) ? this.signingSecrets.size() : 0) + "]";
		}

	}

	/** A named secret's name, as workflows write it in {@code {{secrets.NAME}}}. */
	static final Pattern SECRET_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

	/** The longest secret value, in characters. */
	static final int MOST_SECRET_CHARACTERS = 4096;

	/**
	 * The value of a named secret.
	 *
	 * @param value the secret: a string of 1-4096 characters without control characters
	 * (it is sent in HTTP headers); read as any JSON value so a number or object is
	 * refused, not turned into text
	 */
	record SecretValue(Object value) {

		/**
		 * What is wrong with the value, empty when it is fine; never quotes the value.
		 */
		String error() {
			if (this.value == null) {
				return "value: required, the secret as a string";
			}
			if (!(this.value instanceof String text)) {
				return "value: the secret as a string, not " + jsonType(this.value);
			}
			if (text.isEmpty() || text.length() > MOST_SECRET_CHARACTERS) {
				return "value: 1-" + MOST_SECRET_CHARACTERS + " characters";
			}
			if (text.chars().anyMatch((c) -> Character.isISOControl(c))) {
				return "value: no line breaks or other control characters (it is sent in HTTP headers)";
			}
			return null;
		}

		EncryptedSecret encrypt(String tenantId, String name, SecretCipher cipher) {
			return cipher.encrypt((String) this.value, TenantSecret.boundTo(tenantId, name));
		}

		@Override
		public String toString() {
			return "SecretValue[******]";
		}

	}

	static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}

package dev.switchboard.simulators;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the simulator knows about each business phone number: secret, WABA, display
 * number.
 */
final class MetaAccounts {

	private final Map<String, String> appSecrets;

	private final String fallbackSecret;

	private final Map<String, String> wabaIds;

	private final Map<String, String> displayPhoneNumbers;

	MetaAccounts(SimulatorOptions options) {
		this.appSecrets = options.appSecrets();
		this.fallbackSecret = this.appSecrets.getOrDefault(SimulatorOptions.DEMO_PHONE_NUMBER_ID,
				new TreeMap<>(this.appSecrets).firstEntry().getValue());
		this.wabaIds = options.wabaIds();
		this.displayPhoneNumbers = options.displayPhoneNumbers();
	}

	String appSecret(String phoneNumberId) {
		return this.appSecrets.getOrDefault(phoneNumberId, this.fallbackSecret);
	}

	/** A phone number of the WABA (its app secret signs the WABA's webhooks). */
	String phoneNumberIdOfWaba(String wabaId) {
		return this.wabaIds.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().equals(wabaId))
			.map(java.util.Map.Entry::getKey)
			.sorted()
			.findFirst()
			.orElse(SimulatorOptions.DEMO_PHONE_NUMBER_ID);
	}

	String wabaId(String phoneNumberId) {
		return this.wabaIds.getOrDefault(phoneNumberId, SimulatorOptions.DEFAULT_WABA_ID);
	}

	/**
	 * Configured display number, else one made up from the id so that it stays stable.
	 */
	String displayPhoneNumber(String phoneNumberId) {
		String configured = this.displayPhoneNumbers.get(phoneNumberId);
		if (configured != null) {
			return configured;
		}
		String digits = Phones.digits(phoneNumberId);
		String tail = (digits.length() > 7) ? digits.substring(digits.length() - 7)
				: "0000000".substring(digits.length()) + digits;
		return "1555" + tail;
	}

}

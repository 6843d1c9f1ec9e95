package dev.switchboard.messaging.messages.send;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Recipient numbers in E.164. A number must be international: {@code +} (or {@code 00})
 * and the country code; spaces, dashes, dots and parentheses are fine.
 */
public final class PhoneNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	/** Region of a number that must carry its own country code. */
	private static final String NO_REGION = "ZZ";

	private PhoneNumbers() {
	}

	/**
	 * Loads the numbering metadata of every region now. libphonenumber otherwise reads it
	 * from the jar on first use, which must not happen on an event-loop thread.
	 */
	static void preload() {
		UTIL.getSupportedRegions().forEach(UTIL::getSupportedTypesForRegion);
		UTIL.getSupportedGlobalNetworkCallingCodes().forEach(UTIL::getSupportedTypesForNonGeoEntity);
	}

	/**
	 * The number in E.164 (e.g. {@code +972500000001}), empty when it is no valid number.
	 */
	public static Optional<String> toE164(String input) {
		if (input == null) {
			return Optional.empty();
		}
		String candidate = input.strip();
		if (candidate.startsWith("00")) {
			candidate = "+" + candidate.substring(2);
		}
		if (!candidate.startsWith("+") || candidate.length() > 32) {
			return Optional.empty();
		}
		try {
			PhoneNumber number = UTIL.parse(candidate, NO_REGION);
			if (number.hasExtension() || !UTIL.isValidNumber(number)) {
				return Optional.empty();
			}
			return Optional.of(UTIL.format(number, PhoneNumberFormat.E164));
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

}

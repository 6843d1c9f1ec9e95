package dev.switchboard.orders.intake;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Customer phones to E.164 with libphonenumber. The number is read in the country of its
 * calling code (so a trunk {@code 0} is dropped and a Kazakh {@code 7…} mobile keeps its
 * {@code +7}), and only valid numbers are accepted.
 */
public final class PhoneNumbers {

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	static {
		// Metadata is read from the jar lazily per region; read it all now, not on an
		// event loop.
		for (String region : PHONES.getSupportedRegions()) {
			PHONES.getExampleNumber(region);
		}
	}

	private PhoneNumbers() {
	}

	/** Loads the metadata (call once at start-up). */
	static void warmUp() {
		PHONES.getCountryCodeForRegion("IL");
	}

	/**
	 * The E.164 form of a Vizi phone {@code {code, number}}.
	 * @param code calling code such as {@code +972}, may be null
	 * @param number national or international number
	 * @return the number, empty when it is not a valid phone number
	 */
	static Optional<String> e164(String code, String number) {
		if (number == null || number.isBlank()) {
			return Optional.empty();
		}
		String trimmed = number.strip();
		String codeDigits = (code != null) ? code.replaceAll("\\D", "") : "";
		if (trimmed.startsWith("+") || trimmed.startsWith("00") || codeDigits.isEmpty() || codeDigits.length() > 3) {
			return parse(trimmed.startsWith("00") ? "+" + trimmed.substring(2) : trimmed, "ZZ");
		}
		String region = PHONES.getRegionCodeForCountryCode(Integer.parseInt(codeDigits));
		Optional<String> national = parse(trimmed, region);
		if (national.isPresent()) {
			return national;
		}
		// Some senders repeat the calling code in the number.
		return parse("+" + trimmed.replaceAll("\\D", ""), "ZZ")
			.filter((international) -> international.startsWith("+" + codeDigits));
	}

	/**
	 * The E.164 form of a number given with its country code, with or without {@code +}
	 * or {@code 00}; spaces, dashes, dots and parentheses are fine (a search by phone).
	 * @return the number, empty when it is not a valid international number
	 */
	public static Optional<String> international(String number) {
		if (number == null) {
			return Optional.empty();
		}
		String trimmed = number.strip();
		if (!trimmed.matches("\\+?[0-9 ().\\-]{1,32}")) {
			return Optional.empty();
		}
		String digits = (trimmed.startsWith("00") ? trimmed.substring(2) : trimmed).replaceAll("\\D", "");
		if (digits.isEmpty() || digits.length() > 17) {
			return Optional.empty();
		}
		return parse("+" + digits, "ZZ");
	}

	private static Optional<String> parse(String number, String region) {
		try {
			PhoneNumber parsed = PHONES.parse(number, region);
			return PHONES.isValidNumber(parsed) ? Optional.of(PHONES.format(parsed, PhoneNumberFormat.E164))
					: Optional.empty();
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

}

package dev.switchboard.simulators;

/** Phone number helpers: Meta answers with the digits of what was sent. */
final class Phones {

	private Phones() {
	}

	/** Only the digits, e.g. {@code +1 (650) 555-1234} becomes {@code 16505551234}. */
	static String digits(String phone) {
		if (phone == null) {
			return "";
		}
		StringBuilder digits = new StringBuilder(phone.length());
		for (int i = 0; i < phone.length(); i++) {
			char c = phone.charAt(i);
			if (c >= '0' && c <= '9') {
				digits.append(c);
			}
		}
		return digits.toString();
	}

}

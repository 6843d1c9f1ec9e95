package dev.switchboard.templates.rules;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Reading Meta's JSON as parsed into maps, lists, strings and numbers. */
final class Values {

	private Values() {
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : null;
	}

	static List<?> list(Object value) {
		return (value instanceof List<?> list) ? list : null;
	}

	static String string(Map<String, Object> map, String key) {
		if (map == null) {
			return null;
		}
		Object value = map.get(key);
		return (value instanceof String text) ? text : null;
	}

	static String upper(Map<String, Object> map, String key) {
		String value = string(map, key);
		return (value != null) ? value.toUpperCase(java.util.Locale.ROOT) : null;
	}

	static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	/**
	 * A whole number given as a number or as digits (Meta's examples send indexes as
	 * strings).
	 */
	static Integer wholeNumber(Object value) {
		if (value instanceof Integer || value instanceof Long || value instanceof Short) {
			long number = ((Number) value).longValue();
			return (number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) ? (int) number : null;
		}
		if (value instanceof String text && text.matches("-?\\d{1,9}")) {
			return Integer.valueOf(text);
		}
		if (value instanceof Number number) {
			BigDecimal decimal = new BigDecimal(number.toString());
			try {
				return decimal.intValueExact();
			}
			catch (ArithmeticException ex) {
				return null;
			}
		}
		return null;
	}

	/** A number given as a number or as a numeric string. */
	static Double decimal(Object value) {
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		if (value instanceof String text) {
			try {
				return Double.valueOf(text.trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

}

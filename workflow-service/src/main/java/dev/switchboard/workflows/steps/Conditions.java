package dev.switchboard.workflows.steps;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * A branch condition: the value at a JSONPath compared with a constant. Numbers compare
 * as numbers (also when one side is a numeric text), everything else as text.
 */
final class Conditions {

	private Conditions() {
	}

	static boolean holds(Map<String, Object> data, String path, String op, Object expected) {
		Object actual = RunData.read(data, path);
		return switch (op) {
			case "exists" -> actual != null;
			case "not_exists" -> actual == null;
			case "eq" -> equal(actual, expected);
			case "ne" -> !equal(actual, expected);
			case "gt" -> compare(actual, expected) > 0;
			case "gte" -> compare(actual, expected) >= 0;
			case "lt" -> compare(actual, expected) < 0;
			case "lte" -> compare(actual, expected) <= 0;
			case "contains" -> contains(actual, expected);
			default -> throw new StepFailure("Unknown operator " + op);
		};
	}

	private static boolean equal(Object actual, Object expected) {
		BigDecimal left = number(actual);
		BigDecimal right = number(expected);
		if (left != null && right != null) {
			return left.compareTo(right) == 0;
		}
		return Objects.equals(text(actual), text(expected));
	}

	/** Order of two values; a missing value is below every other (never greater). */
	private static int compare(Object actual, Object expected) {
		if (actual == null || expected == null) {
			return (actual == expected) ? 0 : ((actual == null) ? -1 : 1);
		}
		BigDecimal left = number(actual);
		BigDecimal right = number(expected);
		if (left != null && right != null) {
			return left.compareTo(right);
		}
		return text(actual).compareTo(text(expected));
	}

	private static boolean contains(Object actual, Object expected) {
		if (actual instanceof Collection<?> items) {
			return items.stream().anyMatch((item) -> equal(item, expected));
		}
		return actual != null && expected != null && text(actual).contains(text(expected));
	}

	private static BigDecimal number(Object value) {
		if (value instanceof Number number) {
			return new BigDecimal(number.toString());
		}
		if (value instanceof String text && !text.isBlank()) {
			try {
				return new BigDecimal(text.trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : null;
	}

}

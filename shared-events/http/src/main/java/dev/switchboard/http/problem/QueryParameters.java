package dev.switchboard.http.problem;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Query parameters read strictly: a value that cannot be used is a 400
 * {@code INVALID_<FIELD>}, never dropped, so a filter is never silently widened. An
 * absent or empty parameter means "not given".
 */
public final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * A page size.
	 * @param raw the parameter as sent, may be null
	 * @param defaultLimit the size when none is given
	 * @param max the largest size
	 * @throws ApiProblem {@code INVALID_LIMIT} with the {@code max} when it is not a
	 * whole number from 1 to max
	 */
	public static int limit(String raw, int defaultLimit, int max) {
		if (absent(raw)) {
			return defaultLimit;
		}
		String detail = "'limit' must be a whole number from 1 to " + max;
		try {
			int limit = Integer.parseInt(raw.strip());
			if (limit >= 1 && limit <= max) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below like an out-of-range number.
		}
		throw ApiProblem.invalidParameter("limit", detail, Map.of("max", max));
	}

	/**
	 * An instant in ISO-8601 ({@code 2026-01-01T00:00:00Z}, offsets allowed); null when
	 * absent.
	 */
	public static Instant instant(String field, String raw) {
		if (absent(raw)) {
			return null;
		}
		try {
			return Instant.parse(raw.strip());
		}
		catch (DateTimeParseException ex) {
			throw ApiProblem.invalidParameter(field,
					"'" + field + "' must be an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z");
		}
	}

	/** A decimal number; null when absent. */
	public static BigDecimal decimal(String field, String raw) {
		if (absent(raw)) {
			return null;
		}
		try {
			BigDecimal value = new BigDecimal(raw.strip());
			// A huge exponent would make comparisons and SQL binds expensive.
			if (Math.abs(value.scale()) <= 100 && value.precision() <= 100) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below.
		}
		throw ApiProblem.invalidParameter(field, "'" + field + "' must be a decimal number, e.g. 249.00");
	}

	/**
	 * One of a fixed set of values, compared without case; the value as listed, null when
	 * absent.
	 * @throws ApiProblem {@code INVALID_<FIELD>} listing the allowed values
	 */
	public static String oneOf(String field, String raw, Collection<String> allowed) {
		if (absent(raw)) {
			return null;
		}
		String value = raw.strip();
		for (String candidate : allowed) {
			if (candidate.equalsIgnoreCase(value) || candidate.equals(value.toLowerCase(Locale.ROOT))) {
				return candidate;
			}
		}
		throw ApiProblem.unknownValue(field, value, allowed);
	}

	/**
	 * Refuses parameters the endpoint does not know: a misspelt filter ({@code stauts=})
	 * would otherwise be ignored and widen the answer.
	 * @throws ApiProblem {@code UNKNOWN_PARAMETER} naming it and listing the known ones
	 */
	public static void onlyKnown(Collection<String> given, Collection<String> known) {
		for (String name : given) {
			if (!known.contains(name)) {
				List<String> sorted = known.stream().sorted().toList();
				throw new ApiProblem(HttpStatus.BAD_REQUEST, "UNKNOWN_PARAMETER",
						"Unknown query parameter '" + ApiProblem.shortened(name) + "'; known: "
								+ String.join(", ", sorted),
						Map.of("field", ApiProblem.shortened(name), "allowed", sorted));
			}
		}
	}

	/** Not given: missing or empty. */
	public static boolean absent(String raw) {
		return raw == null || raw.isBlank();
	}

}

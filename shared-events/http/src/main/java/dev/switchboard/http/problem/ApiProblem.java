package dev.switchboard.http.problem;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An expected failure of a request, answered as {@code application/problem+json} with a
 * stable {@code code}.
 */
public class ApiProblem extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final Map<String, Object> properties;

	public ApiProblem(HttpStatus status, String code, String detail) {
		this(status, code, detail, Map.of());
	}

	public ApiProblem(HttpStatus status, String code, String detail, Map<String, Object> properties) {
		super(detail, null, false, false);
		this.status = status;
		this.code = code;
		this.properties = new LinkedHashMap<>(properties);
	}

	/** 404 {@code NOT_FOUND}: also the answer for another tenant's resources. */
	public static ApiProblem notFound(String detail) {
		return new ApiProblem(HttpStatus.NOT_FOUND, "NOT_FOUND", detail);
	}

	/** 400 {@code VALIDATION_FAILED} listing every invalid field. */
	public static ApiProblem validationFailed(List<FieldProblem> errors) {
		return new ApiProblem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request has invalid fields",
				Map.of("errors", List.copyOf(errors)));
	}

	/**
	 * 400 {@code INVALID_<FIELD>} (e.g. {@code INVALID_LIMIT} for {@code limit}): one
	 * request parameter that cannot be used as given, with the {@code field} named.
	 */
	public static ApiProblem invalidParameter(String field, String detail) {
		return invalidParameter(field, detail, Map.of());
	}

	/**
	 * As {@link #invalidParameter(String, String)} with extra properties (e.g. the
	 * {@code max} of a limit).
	 */
	public static ApiProblem invalidParameter(String field, String detail, Map<String, Object> properties) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("field", field);
		all.putAll(properties);
		return new ApiProblem(HttpStatus.BAD_REQUEST, invalidCode(field), detail, all);
	}

	/**
	 * 400 {@code INVALID_<FIELD>} for a value outside a fixed set, listing the
	 * {@code allowed} values; the value is echoed shortened.
	 */
	public static ApiProblem unknownValue(String field, String value, Collection<String> allowed) {
		List<String> sorted = allowed.stream().sorted().toList();
		return invalidParameter(field,
				"'" + shortened(value) + "' is not a valid " + field + "; allowed: " + String.join(", ", sorted),
				Map.of("allowed", sorted));
	}

	/**
	 * 400 {@code MALFORMED_REQUEST}: the body could not be read as the request it should
	 * be.
	 * @param detail what is wrong, for people
	 * @param field the JSON path of the offending field, null when the body as a whole is
	 * wrong
	 */
	public static ApiProblem malformedRequest(String detail, String field) {
		return new ApiProblem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", detail,
				(field != null) ? Map.of("field", field) : Map.of());
	}

	/**
	 * {@code INVALID_} and the field in upper snake case: {@code minAmount} →
	 * {@code INVALID_MIN_AMOUNT}.
	 */
	static String invalidCode(String field) {
		return "INVALID_" + field.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
			.replaceAll("[^A-Za-z0-9]+", "_")
			.toUpperCase(Locale.ROOT);
	}

	/** A client's value fit to be echoed: at most 40 characters, controls removed. */
	static String shortened(String value) {
		if (value == null) {
			return "";
		}
		String printable = value.replaceAll("\\p{Cntrl}", "?");
		if (printable.length() <= 40) {
			return printable;
		}
		int end = Character.isHighSurrogate(printable.charAt(39)) ? 39 : 40;
		return printable.substring(0, end) + "…";
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	/** Extra problem properties, e.g. the field {@code errors}. */
	public Map<String, Object> properties() {
		return Collections.unmodifiableMap(this.properties);
	}

	ProblemDetail toProblemDetail() {
		ProblemDetail problem = Problems.of(this.status, this.code, getMessage());
		this.properties.forEach(problem::setProperty);
		return problem;
	}

	/**
	 * One invalid field.
	 *
	 * @param field the field name as in the request
	 * @param message what is wrong with it
	 */
	public record FieldProblem(String field, String message) {
	}

}

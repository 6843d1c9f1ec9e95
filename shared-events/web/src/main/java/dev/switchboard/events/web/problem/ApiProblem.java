package dev.switchboard.events.web.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

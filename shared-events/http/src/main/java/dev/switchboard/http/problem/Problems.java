package dev.switchboard.http.problem;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details with the platform's stable {@code code} property. */
public final class Problems {

	/** The extra property every problem of the platform carries. */
	public static final String CODE = "code";

	private static final Map<Integer, String> CODES_BY_STATUS = Map.of(400, "VALIDATION_FAILED", 401, "UNAUTHORIZED",
			403, "FORBIDDEN", 404, "NOT_FOUND", 405, "METHOD_NOT_ALLOWED", 406, "NOT_ACCEPTABLE", 413,
			"PAYLOAD_TOO_LARGE", 415, "UNSUPPORTED_MEDIA_TYPE", 503, "UNAVAILABLE");

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty(CODE, code);
		return problem;
	}

	/** The code for a status when nothing more specific is known. */
	public static String codeFor(HttpStatusCode status) {
		String code = CODES_BY_STATUS.get(status.value());
		if (code != null) {
			return code;
		}
		if (status.is5xxServerError()) {
			return "INTERNAL_ERROR";
		}
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.name() : "HTTP_" + status.value();
	}

}

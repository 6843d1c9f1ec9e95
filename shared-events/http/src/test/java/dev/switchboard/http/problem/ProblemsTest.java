package dev.switchboard.http.problem;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

	@Test
	void everyStatusHasAStableCode() {
		assertThat(Problems.codeFor(HttpStatus.BAD_REQUEST)).isEqualTo("VALIDATION_FAILED");
		assertThat(Problems.codeFor(HttpStatus.UNAUTHORIZED)).isEqualTo("UNAUTHORIZED");
		assertThat(Problems.codeFor(HttpStatus.NOT_FOUND)).isEqualTo("NOT_FOUND");
		assertThat(Problems.codeFor(HttpStatus.SERVICE_UNAVAILABLE)).isEqualTo("UNAVAILABLE");
		assertThat(Problems.codeFor(HttpStatus.BAD_GATEWAY)).isEqualTo("INTERNAL_ERROR");
		assertThat(Problems.codeFor(HttpStatus.CONFLICT)).isEqualTo("CONFLICT");
		assertThat(Problems.codeFor(HttpStatusCode.valueOf(499))).isEqualTo("HTTP_499");
	}

	@Test
	void anApiProblemCarriesItsCodeAndProperties() {
		ProblemDetail problem = ApiProblem
			.validationFailed(List.of(new ApiProblem.FieldProblem("to", "must be a phone number")))
			.toProblemDetail();
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getProperties()).containsEntry(Problems.CODE, "VALIDATION_FAILED").containsKey("errors");
		assertThat(ApiProblem.notFound("No such message").toProblemDetail().getProperties())
			.containsEntry(Problems.CODE, "NOT_FOUND");
	}

}

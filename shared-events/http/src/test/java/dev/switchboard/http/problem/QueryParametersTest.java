package dev.switchboard.http.problem;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class QueryParametersTest {

	@Test
	void aLimitIsAWholeNumberUpToTheMaximum() {
		assertThat(QueryParameters.limit(null, 50, 100)).isEqualTo(50);
		assertThat(QueryParameters.limit("", 50, 100)).isEqualTo(50);
		assertThat(QueryParameters.limit("100", 50, 100)).isEqualTo(100);
		for (String bad : List.of("0", "-1", "101", "abc", "1.5", "99999999999")) {
			assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> QueryParameters.limit(bad, 50, 100))
				.satisfies((problem) -> {
					assertThat(problem.code()).isEqualTo("INVALID_LIMIT");
					assertThat(problem.getMessage()).contains("1 to 100");
					assertThat(problem.properties()).containsEntry("field", "limit").containsEntry("max", 100);
				});
		}
	}

	@Test
	void instantsAndDecimalsThatCannotBeReadAreNamedProblems() {
		assertThat(QueryParameters.instant("since", "2026-01-01T00:00:00Z"))
			.isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(QueryParameters.instant("since", null)).isNull();
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> QueryParameters.instant("createdFrom", "yesterday"))
			.satisfies((problem) -> assertThat(problem.code()).isEqualTo("INVALID_CREATED_FROM"));
		assertThat(QueryParameters.decimal("minAmount", "249.50")).isEqualByComparingTo(new BigDecimal("249.5"));
		for (String bad : List.of("abc", "1e999999", "12,5")) {
			assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> QueryParameters.decimal("minAmount", bad))
				.satisfies((problem) -> assertThat(problem.code()).isEqualTo("INVALID_MIN_AMOUNT"));
		}
	}

	@Test
	void anUnknownValueListsTheAllowedOnes() {
		assertThat(QueryParameters.oneOf("branch", "IL", List.of("se", "il"))).isEqualTo("il");
		assertThat(QueryParameters.oneOf("branch", " ", List.of("se", "il"))).isNull();
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> QueryParameters.oneOf("branch", "atlantis", List.of("se", "il")))
			.satisfies((problem) -> {
				assertThat(problem.code()).isEqualTo("INVALID_BRANCH");
				assertThat(problem.getMessage()).isEqualTo("'atlantis' is not a valid branch; allowed: il, se");
				assertThat(problem.properties()).containsEntry("allowed", List.of("il", "se"));
			});
	}

	@Test
	void echoedValuesAreShortAndPrintable() {
		String echoed = ApiProblem.unknownValue("status", "x".repeat(5000) + "\n", List.of("sent")).getMessage();
		assertThat(echoed).hasSizeLessThan(100).doesNotContain("\n");
		assertThat(ApiProblem.shortened("a\u0000b")).isEqualTo("a?b");
	}

}

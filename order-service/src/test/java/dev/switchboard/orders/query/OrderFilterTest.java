package dev.switchboard.orders.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.orders.query.OrderFilter.Condition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Order criteria: always within the tenant given, each one a clause with its bind value,
 * and refused with a code when it cannot be used, never dropped.
 */
class OrderFilterTest {

	private static final Instant JANUARY = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void withoutCriteriaTheConditionIsTheTenant() {
		Condition condition = filter(null, null, null).condition("demo");

		assertThat(condition.sql()).isEqualTo("tenant_id = :tenantId");
		assertThat(condition.binds()).isEqualTo(Map.of("tenantId", "demo"));
	}

	@Test
	void theTenantComesFirstAndIsTheOneGiven() {
		Condition condition = filter("il", "synced", null).condition("acme");

		assertThat(condition.sql()).startsWith("tenant_id = :tenantId AND ");
		assertThat(condition.binds()).containsEntry("tenantId", "acme");
	}

	@Test
	void everyCriterionIsAClauseWithItsValue() {
		Condition condition = new OrderFilter("IL", "Synced", new BigDecimal("10"), new BigDecimal("500.50"), JANUARY,
				JANUARY.plusSeconds(86_400), "+972 (50) 000-0001", "Dana@Example.com", " Dana ")
			.condition("demo");

		assertThat(condition.sql()).isEqualTo("tenant_id = :tenantId AND branch = :branch AND status = :status "
				+ "AND amount >= :minAmount AND amount <= :maxAmount AND received_at >= :createdFrom "
				+ "AND received_at < :createdTo AND customer_phone = :phone AND lower(customer_email) = :email "
				+ "AND lower(customer_name) LIKE :name ESCAPE '\\'");
		assertThat(condition.binds()).containsEntry("branch", "il")
			.containsEntry("status", "synced")
			.containsEntry("minAmount", new BigDecimal("10"))
			.containsEntry("maxAmount", new BigDecimal("500.50"))
			.containsEntry("createdFrom", JANUARY)
			.containsEntry("createdTo", JANUARY.plusSeconds(86_400))
			.containsEntry("phone", "+972500000001")
			.containsEntry("email", "dana@example.com")
			.containsEntry("name", "%dana%");
	}

	@Test
	void aNameMatchesLiterallyEvenWithWildcards() {
		assertThat(name("50%_off\\").condition("demo").binds()).containsEntry("name", "%50\\%\\_off\\\\%");
	}

	@Test
	void blankValuesAreNotCriteria() {
		Condition condition = new OrderFilter(" ", "", null, null, null, null, " ", "", "  ").condition("demo");

		assertThat(condition.sql()).isEqualTo("tenant_id = :tenantId");
	}

	@Test
	void branchAndStatusAreReadInAnyCase() {
		OrderFilter valid = filter(" IL ", "SYNC_FAILED", null).validated();

		assertThat(valid.branch()).isEqualTo("il");
		assertThat(valid.status()).isEqualTo("sync_failed");
	}

	@Test
	void anUnknownBranchOrStatusIsRefusedListingTheAllowedOnes() {
		ApiProblem branch = problem(filter("israel", null, null));
		assertThat(branch.code()).isEqualTo("INVALID_BRANCH");
		assertThat(branch.properties()).containsEntry("field", "branch")
			.containsEntry("allowed", List.of("co", "il", "kz", "ro", "ru", "se"));

		ApiProblem status = problem(filter(null, "shipped", null));
		assertThat(status.code()).isEqualTo("INVALID_STATUS");
		assertThat(status.properties()).containsEntry("allowed", List.of("cancelled", "completed", "confirm_failed",
				"confirmed", "received", "rejected", "sync_failed", "synced"));
	}

	@Test
	void aPhoneIsReadWithItsCountryCodeInAnyNotation() {
		assertThat(filter(null, null, "+972 50-000-0001").validated().phone()).isEqualTo("+972500000001");
		assertThat(filter(null, null, "00972.50.000.0001").validated().phone()).isEqualTo("+972500000001");
		assertThat(filter(null, null, "").validated().phone()).isNull();
	}

	@Test
	void aPhoneThatIsNoNumberIsRefused() {
		for (String phone : new String[] { "12", "call me", "+972 50 000 000 000 001" }) {
			ApiProblem problem = problem(filter(null, null, phone));
			assertThat(problem.code()).as(phone).isEqualTo("INVALID_PHONE");
			assertThat(problem.properties()).containsEntry("field", "phone");
		}
	}

	@Test
	void contradictoryRangesAreRefusedButEqualBoundsAreFine() {
		assertThat(problem(amounts("10", "9.99")).properties().get("errors"))
			.isEqualTo(List.of(new FieldProblem("minAmount", "must not exceed maxAmount")));
		assertThat(amounts("10", "10.00").validated().minAmount()).isEqualTo(new BigDecimal("10"));

		assertThat(problem(dates(JANUARY.plusMillis(1), JANUARY)).properties().get("errors"))
			.isEqualTo(List.of(new FieldProblem("createdFrom", "must not be after createdTo")));
		assertThat(dates(JANUARY, JANUARY).validated().createdFrom()).isEqualTo(JANUARY);
	}

	private static OrderFilter filter(String branch, String status, String phone) {
		return new OrderFilter(branch, status, null, null, null, null, phone, null, null);
	}

	private static OrderFilter name(String name) {
		return new OrderFilter(null, null, null, null, null, null, null, null, name);
	}

	private static OrderFilter amounts(String min, String max) {
		return new OrderFilter(null, null, new BigDecimal(min), new BigDecimal(max), null, null, null, null, null);
	}

	private static OrderFilter dates(Instant from, Instant to) {
		return new OrderFilter(null, null, null, null, from, to, null, null, null);
	}

	private static ApiProblem problem(OrderFilter filter) {
		ApiProblem problem = catchThrowableOfType(ApiProblem.class, filter::validated);
		assertThat(problem.status().value()).isEqualTo(400);
		return problem;
	}

}

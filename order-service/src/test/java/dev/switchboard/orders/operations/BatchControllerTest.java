package dev.switchboard.orders.operations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.orders.operations.BatchController.BatchRequest;
import dev.switchboard.orders.query.OrderFilter;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static dev.switchboard.orders.operations.OperationsFixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Starting and reading batch jobs: the operation is one of two names, the filter is
 * checked as the order list checks it, and a job is only seen by its tenant. The stored
 * jobs are mocked.
 */
class BatchControllerTest {

	private static final OrderFilter EVERY_ORDER = new OrderFilter(null, null, null, null, null, null, null, null,
			null);

	private final BatchJobs jobs = mock(BatchJobs.class);

	private final BatchController controller = new BatchController(this.jobs);

	@Test
	void aJobStartsForTheCallersTenantWithTheFilterInItsCanonicalForm() {
		BatchJob job = job("demo");
		given(this.jobs.create(any(), any(), any())).willReturn(Mono.just(job));
		OrderFilter asked = new OrderFilter("IL", "Sync_Failed", null, null, null, null, null, null, null);

		assertThat(this.controller.start(new BatchRequest("retry_sync", asked), token("demo")).block()).isEqualTo(job);

		then(this.jobs).should()
			.create("demo", BatchOperation.RETRY_SYNC,
					new OrderFilter("il", "sync_failed", null, null, null, null, null, null, null));
	}

	@Test
	void withoutAFilterTheJobCoversEveryOrderOfTheTenant() {
		given(this.jobs.create(any(), any(), any())).willReturn(Mono.just(job("demo")));

		this.controller.start(new BatchRequest("resend_confirmation", null), token("demo")).block();

		then(this.jobs).should().create("demo", BatchOperation.RESEND_CONFIRMATION, EVERY_ORDER);
	}

	@Test
	void anUnknownOperationIsRefusedNamingTheKnownOnes() {
		for (String operation : new String[] { "retry", "RETRY_SYNC", "", null }) {
			ApiProblem problem = catchThrowableOfType(ApiProblem.class,
					() -> this.controller.start(new BatchRequest(operation, null), token("demo")));
			assertThat(problem.code()).as(operation).isEqualTo("VALIDATION_FAILED");
			assertThat(problem.properties().get("errors"))
				.isEqualTo(List.of(new FieldProblem("operation", "one of retry_sync, resend_confirmation")));
		}
		then(this.jobs).shouldHaveNoInteractions();
	}

	@Test
	void anUnusableFilterIsRefusedBeforeAnyOrderIsCounted() {
		OrderFilter misspelt = new OrderFilter("israel", null, null, null, null, null, null, null, null);

		ApiProblem problem = catchThrowableOfType(ApiProblem.class,
				() -> this.controller.start(new BatchRequest("retry_sync", misspelt), token("demo")));

		assertThat(problem.code()).isEqualTo("INVALID_BRANCH");
		then(this.jobs).shouldHaveNoInteractions();
	}

	@Test
	void aJobIsOnlySeenByItsTenant() {
		BatchJob job = job("demo");
		given(this.jobs.find("demo", job.id())).willReturn(Mono.just(job));
		given(this.jobs.find(eq("acme"), any())).willReturn(Mono.empty());

		assertThat(this.controller.job(job.id().toString(), token("demo")).block()).isEqualTo(job);
		assertThat(catchThrowableOfType(ApiProblem.class,
				() -> this.controller.job(job.id().toString(), token("acme")).block())
			.code()).isEqualTo("NOT_FOUND");
	}

	@Test
	void anIdThatIsNoJobIsNotFound() {
		assertThat(
				catchThrowableOfType(ApiProblem.class, () -> this.controller.job("42", token("demo")).block()).code())
			.isEqualTo("NOT_FOUND");
		then(this.jobs).shouldHaveNoInteractions();
	}

	@Test
	void operationsAreNamedInSnakeCase() {
		assertThat(BatchOperation.parse("retry_sync")).hasValue(BatchOperation.RETRY_SYNC);
		assertThat(BatchOperation.of("resend_confirmation")).isEqualTo(BatchOperation.RESEND_CONFIRMATION);
		assertThatIllegalArgumentException().isThrownBy(() -> BatchOperation.of("resend"));
	}

	@Test
	void aJobShowsItsProgressButNeitherItsTenantNorItsCursor() {
		Map<String, Object> shown = EventJson.mapper().readValue(EventJson.write(job("demo")), Map.class);

		assertThat(shown).containsEntry("operation", "retry_sync")
			.containsEntry("status", "running")
			.containsEntry("total", 120)
			.containsEntry("processed", 50)
			.containsEntry("affected", 7)
			.doesNotContainKeys("tenantId", "cursorAt", "cursorId");
	}

	private static BatchJob job(String tenantId) {
		Instant at = Instant.parse("2026-01-01T10:00:00Z");
		return new BatchJob(UUID.randomUUID(), tenantId, BatchOperation.RETRY_SYNC, EVERY_ORDER, "running", 120, 50, 7,
				at, UUID.randomUUID(), at, at);
	}

}

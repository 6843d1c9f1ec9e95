package dev.switchboard.orders.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.security.InternalTokens;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderHistory;
import dev.switchboard.orders.order.OrderStore;
import dev.switchboard.orders.order.TestOrders;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * How the order reads take their parameters: each one read strictly, a value that cannot
 * be used a 400 with its code, never ignored; and only the caller's tenant is read. The
 * stored orders, their history and the stats cache are mocked.
 */
class OrderQueryControllerTest {

	/** The list's parameters in the order the controller takes them. */
	private static final String[] LIST_PARAMETERS = { "branch", "status", "minAmount", "maxAmount", "createdFrom",
			"createdTo", "phone", "email", "name", "cursor", "limit" };

	private final OrderStore orders = mock(OrderStore.class);

	private final OrderHistory history = mock(OrderHistory.class);

	private final OrderQueries queries = mock(OrderQueries.class);

	private final StatsCache stats = mock(StatsCache.class);

	private final OrderQueryController controller = new OrderQueryController(this.orders, this.history, this.queries,
			this.stats);

	@BeforeEach
	void emptyPages() {
		given(this.queries.list(anyString(), any(), any(), anyInt()))
			.willReturn(Mono.just(new OrderQueries.OrderPage(List.of(), null)));
	}

	@Test
	void withoutParametersThePageIsTheTenantsNewestFifty() {
		list("demo", "").block();

		then(this.queries).should()
			.list("demo", new OrderFilter(null, null, null, null, null, null, null, null, null), null, 50);
	}

	@Test
	void everyParameterReachesTheFilterInItsCanonicalForm() {
		list("demo", "branch=IL&status=Synced&minAmount=10&maxAmount=249.50&createdFrom=2026-01-01T00:00:00Z"
				+ "&createdTo=2026-02-01T00:00:00Z&phone=00972500000001&email=dana@example.com&name=dana&limit=100")
			.block();

		then(this.queries).should()
			.list("demo",
					new OrderFilter("il", "synced", new BigDecimal("10"), new BigDecimal("249.50"),
							Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"),
							"+972500000001", "dana@example.com", "dana"),
					null, 100);
	}

	@Test
	void aLimitIsAWholeNumberFromOneToAHundred() {
		list("demo", "limit=1").block();
		list("demo", "limit=").block();
		then(this.queries).should().list(eq("demo"), any(), eq(null), eq(1));
		then(this.queries).should().list(eq("demo"), any(), eq(null), eq(50));
		for (String limit : new String[] { "0", "-1", "101", "ten", "1.5", "99999999999" }) {
			ApiProblem problem = problem(() -> list("demo", "limit=" + limit));
			assertThat(problem.code()).as(limit).isEqualTo("INVALID_LIMIT");
			assertThat(problem.properties()).containsEntry("field", "limit").containsEntry("max", 100);
		}
	}

	@Test
	void anAmountOrInstantThatIsNoneIsRefusedNamingIt() {
		assertThat(problem(() -> list("demo", "minAmount=ten")).code()).isEqualTo("INVALID_MIN_AMOUNT");
		assertThat(problem(() -> list("demo", "maxAmount=1e999999")).code()).isEqualTo("INVALID_MAX_AMOUNT");
		assertThat(problem(() -> list("demo", "createdFrom=yesterday")).code()).isEqualTo("INVALID_CREATED_FROM");
		assertThat(problem(() -> list("demo", "createdTo=2026-01-01")).code()).isEqualTo("INVALID_CREATED_TO");
		then(this.queries).shouldHaveNoInteractions();
	}

	@Test
	void aRepeatedParameterIsNotOneOfItsValues() {
		assertThat(problem(() -> list("demo", "status=synced&status=confirmed")).code()).isEqualTo("INVALID_STATUS");
	}

	@Test
	void aMisspeltParameterIsRefusedNotIgnored() {
		ApiProblem problem = problem(() -> list("demo", "stauts=synced"));

		assertThat(problem.code()).isEqualTo("UNKNOWN_PARAMETER");
		assertThat(problem.properties()).containsEntry("field", "stauts");
		assertThat(problem.properties().get("allowed")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains("status", "limit", "cursor");
		then(this.queries).shouldHaveNoInteractions();
	}

	@Test
	void aCursorContinuesTheListAndAForeignOneIsRefused() {
		Order last = TestOrders.order().build();

		list("demo", "cursor=" + OrderQueries.Cursor.encode(last)).block();

		then(this.queries).should()
			.list(eq("demo"), any(), eq(new OrderQueries.Cursor(last.receivedAt(), last.id())), eq(50));
		assertThat(problem(() -> list("demo", "cursor=page2")).code()).isEqualTo("INVALID_CURSOR");
	}

	@Test
	void theStatsTakeNoParameter() {
		given(this.stats.get(eq("demo"), any()))
			.willReturn(Mono.just(new OrderStats(0, List.of(), List.of(), List.of())));

		assertThat(this.controller.stats(token("demo"), exchange("")).block().total()).isZero();
		assertThat(problem(() -> this.controller.stats(token("demo"), exchange("branch=il"))).code())
			.isEqualTo("UNKNOWN_PARAMETER");
	}

	@Test
	void anotherTenantsOrderIsAnsweredLikeAMissingOne() {
		Order order = TestOrders.order().build();
		given(this.orders.find("demo", order.id())).willReturn(Mono.just(order));
		given(this.orders.find("acme", order.id())).willReturn(Mono.empty());

		assertThat(this.controller.order(order.id().toString(), token("demo")).block().id())
			.isEqualTo(order.id().toString());
		assertThat(problem(() -> this.controller.order(order.id().toString(), token("acme")).block()).code())
			.isEqualTo("NOT_FOUND");
		assertThat(problem(() -> this.controller.history(order.id().toString(), token("acme")).block()).code())
			.isEqualTo("NOT_FOUND");
		then(this.history).should(never()).of(any(), any());
	}

	@Test
	void anIdThatIsNoOrderIsNotFoundWithoutALookUp() {
		assertThat(problem(() -> this.controller.order("42", token("demo")).block()).code()).isEqualTo("NOT_FOUND");
		then(this.orders).shouldHaveNoInteractions();
	}

	/**
	 * Calls the list as WebFlux would: the parameters by name, a repeated one joined with
	 * commas.
	 */
	private Mono<OrderQueries.OrderPage> list(String tenantId, String query) {
		MockServerWebExchange exchange = exchange(query);
		MultiValueMap<String, String> parameters = exchange.getRequest().getQueryParams();
		String[] values = Stream.of(LIST_PARAMETERS)
			.map((name) -> parameters.containsKey(name) ? String.join(",", parameters.get(name)) : null)
			.toArray(String[]::new);
		return this.controller.list(values[0], values[1], values[2], values[3], values[4], values[5], values[6],
				values[7], values[8], values[9], values[10], token(tenantId), exchange);
	}

	private static MockServerWebExchange exchange(String query) {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/orders?" + query).build());
	}

	private static Jwt token(String tenantId) {
		return Jwt.withTokenValue("token").header("alg", "ES256").claim(InternalTokens.TENANT_ID, tenantId).build();
	}

	private static ApiProblem problem(Runnable call) {
		ApiProblem problem = catchThrowableOfType(ApiProblem.class, call::run);
		assertThat(problem).isNotNull();
		return problem;
	}

}

package dev.switchboard.orders.query;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.TestOrders;
import dev.switchboard.orders.query.OrderQueries.Cursor;
import dev.switchboard.orders.query.OrderQueries.OrderPage;
import dev.switchboard.orders.query.OrderQueries.Row;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Flux;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.RowsFetchSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

/**
 * Paging and stats: a page is fetched with one row more than asked to tell whether
 * another follows, a cursor continues after the last order shown, and amounts are summed
 * per currency only.
 */
class OrderQueriesTest {

	private static final Instant AT = Instant.parse("2026-01-01T10:00:00.123456Z");

	@Test
	void aCursorNamesTheLastOrderShown() {
		Order last = order(7);

		assertThat(Cursor.decode(Cursor.encode(last))).isEqualTo(new Cursor(last.receivedAt(), last.id()));
	}

	@Test
	void aCursorNotFromThisListIsRefused() {
		for (String cursor : new String[] { "%%%", base64("no bar"), base64("2026-01-01T00:00:00Z|not-a-uuid"),
				base64("yesterday|" + UUID.randomUUID()), "" }) {
			ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> Cursor.decode(cursor));
			assertThat(problem.code()).as(cursor).isEqualTo("INVALID_CURSOR");
			assertThat(problem.properties()).containsEntry("field", "cursor");
		}
	}

	@Test
	void aPageWithTheExtraRowHasANextCursorAtItsLastOrder() {
		List<Order> rows = orders(4);

		OrderPage page = OrderPage.of(rows, 3);

		assertThat(page.orders()).extracting(OrderView::id)
			.containsExactly(rows.get(0).id().toString(), rows.get(1).id().toString(), rows.get(2).id().toString());
		assertThat(Cursor.decode(page.nextCursor()).id()).isEqualTo(rows.get(2).id());
	}

	@Test
	void aPageWithoutTheExtraRowIsTheLast() {
		assertThat(OrderPage.of(orders(3), 3).nextCursor()).isNull();
		assertThat(OrderPage.of(orders(2), 3).orders()).hasSize(2);
		assertThat(OrderPage.of(List.of(), 3)).isEqualTo(new OrderPage(List.of(), null));
	}

	@Test
	void aPageShowsNoConfirmationBeforeAnyWasRequested() {
		OrderView view = OrderPage.of(orders(1), 1).orders().get(0);

		assertThat(view.confirmation()).isNull();
		assertThat(view.customer())
			.isEqualTo(new OrderView.Customer("Dana Example", "dana@example.com", "+972500000001"));
		assertThat(view.status()).isEqualTo("received");
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void theListAsksForOneRowMoreAfterTheCursorNewestFirst() {
		DatabaseClient database = mock(DatabaseClient.class);
		GenericExecuteSpec statement = mock(GenericExecuteSpec.class, RETURNS_SELF);
		RowsFetchSpec rows = mock(RowsFetchSpec.class);
		given(database.sql(any(String.class))).willReturn(statement);
		given(statement.map(any(Function.class))).willReturn(rows);
		given(rows.all()).willReturn(Flux.empty());
		OrderFilter everything = new OrderFilter(null, null, null, null, null, null, null, null, null);
		Cursor after = new Cursor(AT, UUID.randomUUID());

		new OrderQueries(database).list("demo", everything, null, 20).block();
		new OrderQueries(database).list("demo", everything, after, 20).block();

		ArgumentCaptor<String> sql = ArgumentCaptor.forClass(String.class);
		then(database).should(times(2)).sql(sql.capture());
		assertThat(sql.getAllValues()).extracting((text) -> text.replaceAll("\\s+", " ").strip())
			.allMatch((text) -> text.startsWith("SELECT id, tenant_id, source,"))
			.satisfiesExactly(
					(first) -> assertThat(first).endsWith("FROM orders WHERE tenant_id = :tenantId "
							+ "ORDER BY received_at DESC, id DESC LIMIT :limit"),
					(next) -> assertThat(next).endsWith(
							"FROM orders WHERE tenant_id = :tenantId AND (received_at, id) < (:cursorAt, :cursorId) "
									+ "ORDER BY received_at DESC, id DESC LIMIT :limit"));
		then(statement).should(times(2)).bind("tenantId", "demo");
		then(statement).should().bind("cursorAt", AT);
		then(statement).should().bind("cursorId", after.id());
		then(statement).should(times(2)).bind("limit", 21);
	}

	@Test
	void statsCountEveryOrderAndSumAmountsPerCurrency() {
		OrderStats stats = OrderQueries.stats(List.of(new Row("confirmed", "il", "2026-01-01", "ILS", 2, dec("498")),
				new Row("confirmed", "ro", "2026-01-02", "RON", 1, dec("300")),
				new Row("synced", "il", "2026-01-02", "ILS", 1, dec("249.50")),
				new Row("rejected", "il", "2026-01-02", null, 3, null)));

		assertThat(stats.total()).isEqualTo(7);
		assertThat(stats.byStatus()).containsExactly(
				new OrderStats.Group("confirmed", 3, Map.of("ILS", dec("498"), "RON", dec("300"))),
				new OrderStats.Group("rejected", 3, Map.of()),
				new OrderStats.Group("synced", 1, Map.of("ILS", dec("249.50"))));
		assertThat(stats.byBranch()).containsExactly(new OrderStats.Group("il", 6, Map.of("ILS", dec("747.50"))),
				new OrderStats.Group("ro", 1, Map.of("RON", dec("300"))));
		assertThat(stats.byDay()).extracting(OrderStats.Group::key).containsExactly("2026-01-02", "2026-01-01");
	}

	@Test
	void noOrdersAreEmptyStats() {
		assertThat(OrderQueries.stats(List.of())).isEqualTo(new OrderStats(0, List.of(), List.of(), List.of()));
	}

	private static List<Order> orders(int count) {
		return IntStream.range(0, count).mapToObj(OrderQueriesTest::order).toList();
	}

	private static Order order(int index) {
		return TestOrders.order().id(new UUID(7, index)).receivedAt(AT.minusSeconds(index)).build();
	}

	private static BigDecimal dec(String value) {
		return new BigDecimal(value);
	}

	private static String base64(String raw) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

}

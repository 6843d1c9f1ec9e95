package dev.switchboard.orders.query;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderStore;
import dev.switchboard.orders.query.OrderFilter.Condition;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/** Order lists and stats for the API: one SQL query each, always within one tenant. */
@Component
class OrderQueries {

	private final DatabaseClient database;

	OrderQueries(DatabaseClient database) {
		this.database = database;
	}

	/** A page, newest first, after the cursor; the next cursor when there is more. */
	Mono<OrderPage> list(String tenantId, OrderFilter filter, Cursor after, int limit) {
		Condition condition = filter.condition(tenantId);
		Map<String, Object> binds = new LinkedHashMap<>(condition.binds());
		String keyset = "";
		if (after != null) {
			keyset = "AND (received_at, id) < (:cursorAt, :cursorId)";
			binds.put("cursorAt", after.receivedAt());
			binds.put("cursorId", after.id());
		}
		binds.put("limit", limit + 1);
		String sql = """
				SELECT %s FROM orders
				WHERE %s %s
				ORDER BY received_at DESC, id DESC LIMIT :limit
				""".formatted(OrderStore.COLUMNS, condition.sql(), keyset);
		return bind(this.database.sql(sql), binds).map(OrderStore::order)
			.all()
			.collectList()
			.map((rows) -> OrderPage.of(rows, limit));
	}

	/** Counts and amounts by status, branch and day. */
	Mono<OrderStats> stats(String tenantId) {
		return this.database.sql("""
				SELECT status, branch, (received_at AT TIME ZONE 'UTC')::date AS day, currency, count(*) AS orders,
				    sum(amount) AS amount
				FROM orders WHERE tenant_id = :tenantId
				GROUP BY status, branch, day, currency
				""")
			.bind("tenantId", tenantId)
			.map((row) -> new Row(row.get("status", String.class), row.get("branch", String.class),
					row.get("day", LocalDate.class).toString(), row.get("currency", String.class),
					row.get("orders", Long.class), row.get("amount", BigDecimal.class)))
			.all()
			.collectList()
			.map(OrderQueries::stats);
	}

	/** The stats of grouped rows: amounts add up per currency only. */
	static OrderStats stats(List<Row> rows) {
		Map<String, Acc> byStatus = new TreeMap<>();
		Map<String, Acc> byBranch = new TreeMap<>();
		Map<String, Acc> byDay = new TreeMap<>(Comparator.reverseOrder());
		long total = 0;
		for (Row row : rows) {
			total += row.count();
			byStatus.computeIfAbsent(row.status(), (key) -> new Acc()).add(row);
			byBranch.computeIfAbsent(row.branch(), (key) -> new Acc()).add(row);
			byDay.computeIfAbsent(row.day(), (key) -> new Acc()).add(row);
		}
		return new OrderStats(total, groups(byStatus), groups(byBranch), groups(byDay));
	}

	private static List<OrderStats.Group> groups(Map<String, Acc> accumulated) {
		List<OrderStats.Group> groups = new ArrayList<>();
		accumulated.forEach((key, acc) -> groups.add(new OrderStats.Group(key, acc.count, Map.copyOf(acc.amounts))));
		return groups;
	}

	private static GenericExecuteSpec bind(GenericExecuteSpec spec, Map<String, Object> binds) {
		GenericExecuteSpec bound = spec;
		for (Map.Entry<String, Object> bind : binds.entrySet()) {
			bound = bound.bind(bind.getKey(), bind.getValue());
		}
		return bound;
	}

	/**
	 * One group of the stats query.
	 *
	 * @param status the orders' status
	 * @param branch their branch
	 * @param day their day of receipt (UTC), ISO-8601
	 * @param currency their currency, null for rejected orders without one
	 * @param count how many
	 * @param amount their amounts summed, null when none has one
	 */
	record Row(String status, String branch, String day, String currency, long count, BigDecimal amount) {
	}

	private static final class Acc {

		private long count;

		private final Map<String, BigDecimal> amounts = new TreeMap<>();

		void add(Row row) {
			this.count += row.count();
			if (row.currency() != null && row.amount() != null) {
				this.amounts.merge(row.currency(), row.amount(), BigDecimal::add);
			}
		}

	}

	/**
	 * Position after the last order of a page.
	 *
	 * @param receivedAt that order's receipt time
	 * @param id its id
	 */
	record Cursor(Instant receivedAt, UUID id) {

		static String encode(Order last) {
			String raw = last.receivedAt() + "|" + last.id();
			return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
		}

		static Cursor decode(String cursor) {
			try {
				String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				int bar = raw.indexOf('|');
				return new Cursor(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
			}
			catch (RuntimeException ex) {
				throw ApiProblem.invalidParameter("cursor",
						"'cursor' is not a cursor of this list: pass the nextCursor of the previous page");
			}
		}

	}

	/**
	 * One page of orders.
	 *
	 * @param orders the orders, newest first
	 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
	 */
	record OrderPage(List<OrderView> orders, String nextCursor) {

		/**
		 * The page of rows fetched with one row more than the limit: that extra row only
		 * tells that another page follows.
		 */
		static OrderPage of(List<Order> rows, int limit) {
			boolean more = rows.size() > limit;
			List<Order> page = more ? rows.subList(0, limit) : rows;
			String next = more ? Cursor.encode(page.get(page.size() - 1)) : null;
			return new OrderPage(page.stream().map(OrderView::of).toList(), next);
		}

	}

}

package dev.switchboard.messaging.messages.stats;

import java.time.Instant;
import java.util.List;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Computes a tenant's delivery statistics in PostgreSQL. */
@Component
class MessageStats {

	/** The totals (a message counts for every status it reached). */
	private static final String COUNTS = """
			count(*) AS accepted,
			count(*) FILTER (WHERE sent_at IS NOT NULL OR delivered_at IS NOT NULL OR read_at IS NOT NULL
			  OR played_at IS NOT NULL) AS sent,
			count(*) FILTER (WHERE delivered_at IS NOT NULL OR read_at IS NOT NULL
			  OR played_at IS NOT NULL) AS delivered,
			count(*) FILTER (WHERE read_at IS NOT NULL OR played_at IS NOT NULL) AS read,
			count(*) FILTER (WHERE status = 'failed') AS failed""";

	/** The tenant's messages of the period. */
	private static final String PERIOD = """
			FROM messages WHERE tenant_id = :tenantId AND created_at >= :from AND created_at < :to""";

	private final DatabaseClient database;

	MessageStats(DatabaseClient database) {
		this.database = database;
	}

	Mono<StatsView> compute(String tenantId, Instant from, Instant to, String interval) {
		Mono<StatsView.Counts> totals = this.database.sql("""
				SELECT %s
				%s
				""".formatted(COUNTS, PERIOD))
			.bind("tenantId", tenantId)
			.bind("from", from)
			.bind("to", to)
			.map(MessageStats::counts)
			.one();
		Mono<List<StatsView.ErrorCount>> errors = this.database.sql("""
				SELECT error_code, min(error_title) AS title, count(*) AS n
				%s AND status = 'failed'
				GROUP BY error_code ORDER BY n DESC, error_code LIMIT 10
				""".formatted(PERIOD))
			.bind("tenantId", tenantId)
			.bind("from", from)
			.bind("to", to)
			.map((row) -> new StatsView.ErrorCount(row.get("error_code", Integer.class), row.get("title", String.class),
					row.get("n", Long.class)))
			.all()
			.collectList();
		Mono<List<StatsView.CategoryCost>> costs = this.database.sql("""
				SELECT coalesce(pricing_category, 'unknown') AS category, count(*) AS n,
				count(*) FILTER (WHERE billable) AS billable
				%s AND (sent_at IS NOT NULL OR delivered_at IS NOT NULL OR read_at IS NOT NULL)
				GROUP BY 1 ORDER BY n DESC
				""".formatted(PERIOD))
			.bind("tenantId", tenantId)
			.bind("from", from)
			.bind("to", to)
			.map((row) -> new StatsView.CategoryCost(row.get("category", String.class), row.get("n", Long.class),
					row.get("billable", Long.class)))
			.all()
			.collectList();
		Mono<List<StatsView.Bucket>> series = this.database.sql("""
				SELECT date_trunc('%s', created_at) AS bucket, %s
				%s
				GROUP BY 1 ORDER BY 1
				""".formatted(interval, COUNTS, PERIOD))
			.bind("tenantId", tenantId)
			.bind("from", from)
			.bind("to", to)
			.map((row) -> new StatsView.Bucket(row.get("bucket", Instant.class), counts(row)))
			.all()
			.collectList();
		return Mono.zip(totals, errors, costs, series)
			.map((all) -> new StatsView(from, to, interval, all.getT1(), StatsView.Rates.of(all.getT1()), all.getT2(),
					all.getT3(), all.getT4()));
	}

	private static StatsView.Counts counts(Readable row) {
		return new StatsView.Counts(row.get("accepted", Long.class), row.get("sent", Long.class),
				row.get("delivered", Long.class), row.get("read", Long.class), row.get("failed", Long.class));
	}

}

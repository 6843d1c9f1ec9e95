package dev.switchboard.templates.graph;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Each WABA's Graph calls per clock hour, counted in PostgreSQL so that every replica
 * draws on the same budget ({@code graph.calls-per-waba-per-hour}). A call is taken
 * before it is made; once the hour's budget is spent the call is not made at all and
 * fails at once (not retried): Meta's own limit (80007, 80008) is not run into, and its
 * back-off is left for the calls that hit it anyway (other apps share the WABA's budget).
 */
@Component
class WabaCallBudget {

	private final DatabaseClient database;

	private final int callsPerHour;

	WabaCallBudget(DatabaseClient database, GraphProperties properties) {
		this.database = database;
		this.callsPerHour = properties.callsPerWabaPerHour();
	}

	/** Takes one call from the WABA's budget of this hour, or fails without calling. */
	Mono<Void> take(String wabaId) {
		return this.database.sql("""
				INSERT INTO graph_call_budget (waba_id, hour, calls) VALUES (:wabaId, date_trunc('hour', now()), 1)
				ON CONFLICT (waba_id, hour) DO UPDATE SET calls = graph_call_budget.calls + 1
				WHERE graph_call_budget.calls < :callsPerHour
				RETURNING calls
				""")
			.bind("wabaId", wabaId)
			.bind("callsPerHour", this.callsPerHour)
			.map((row) -> true)
			.one()
			.switchIfEmpty(Mono.error(() -> new GraphException(0, 0,
					"the hourly Graph call budget of WABA " + wabaId + " (" + this.callsPerHour
							+ " calls) is spent until the next hour")))
			.then();
	}

}

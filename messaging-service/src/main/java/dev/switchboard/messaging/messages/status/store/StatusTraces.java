package dev.switchboard.messaging.messages.status.store;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The trace of each status folded into a message: the first event that reported a status
 * keeps it. Written in the transaction of the fold.
 */
@Component
public class StatusTraces {

	private static final String INSERT = """
			INSERT INTO message_status_traces (message_id, status, trace_id)
			VALUES (:messageId, :status, :traceId) ON CONFLICT DO NOTHING""";

	/** Array parameters whatever the count; the first of a message's status wins. */
	private static final String INSERT_ALL = """
			INSERT INTO message_status_traces (message_id, status, trace_id)
			SELECT t.message_id, t.status, t.trace_id
			FROM unnest(:messageIds::uuid[], :statuses::text[], :traceIds::text[]) WITH ORDINALITY
			     AS t(message_id, status, trace_id, position)
			ORDER BY t.position
			ON CONFLICT DO NOTHING""";

	private final DatabaseClient database;

	StatusTraces(DatabaseClient database) {
		this.database = database;
	}

	/** Records the trace of a status unless the message has one for it; null is none. */
	public Mono<Void> record(StatusTrace trace) {
		if (trace.traceId() == null) {
			return Mono.empty();
		}
		return this.database.sql(INSERT)
			.bind("messageId", trace.messageId())
			.bind("status", trace.status())
			.bind("traceId", trace.traceId())
			.then();
	}

	/** {@link #record} for several, in one statement. */
	public Mono<Void> recordAll(List<StatusTrace> traces) {
		List<StatusTrace> known = traces.stream().filter((trace) -> trace.traceId() != null).toList();
		if (known.isEmpty()) {
			return Mono.empty();
		}
		UUID[] messageIds = new UUID[known.size()];
		String[] statuses = new String[known.size()];
		String[] traceIds = new String[known.size()];
		for (int i = 0; i < known.size(); i++) {
			messageIds[i] = known.get(i).messageId();
			statuses[i] = known.get(i).status();
			traceIds[i] = known.get(i).traceId();
		}
		return this.database.sql(INSERT_ALL)
			.bind("messageIds", messageIds)
			.bind("statuses", statuses)
			.bind("traceIds", traceIds)
			.then();
	}

	/**
	 * The trace a status of a message was reported in.
	 *
	 * @param messageId the message
	 * @param status the status, e.g. {@code delivered}
	 * @param traceId the trace id (32 hex digits), null when unknown
	 */
	public record StatusTrace(UUID messageId, String status, String traceId) {
	}

}

package dev.switchboard.messaging.inbox.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.switchboard.messaging.inbox.stats.ConversationStatsView.AgentFigures;
import dev.switchboard.messaging.inbox.stats.ConversationStatsView.Durations;
import dev.switchboard.messaging.inbox.stats.ConversationStatsView.Figures;
import dev.switchboard.messaging.inbox.stats.ConversationStatsView.QueueFigures;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Computes the figures from the conversations and their timelines in one statement: every
 * fact of the period (opened, resolved, message in, reply with its waits) once,
 * aggregated for the tenant, per queue and per actor. The SLA hit rate is the share of
 * first replies sent by the conversation's first-response due time (a conversation
 * without one, opened before SLA clocks were kept, counts in neither share).
 */
@Component
class ConversationStats {

	private static final String FACTS = """
			WITH facts AS (
			  SELECT 'opened' AS kind, c.queue_id, NULL::text AS actor,
			         NULL::double precision AS first_seconds, NULL::double precision AS reply_seconds,
			         NULL::double precision AS first_met
			  FROM conversations c
			  WHERE c.tenant_id = :tenantId AND c.created_at >= :from AND c.created_at < :to %1$s
			  UNION ALL
			  SELECT CASE e.kind WHEN 'INBOUND' THEN 'in' ELSE 'resolved' END, c.queue_id,
			         CASE e.kind WHEN 'ACTIVITY' THEN e.actor END, NULL, NULL, NULL
			  FROM conversation_entries e JOIN conversations c ON c.id = e.conversation_id
			  WHERE e.tenant_id = :tenantId AND e.at >= :from AND e.at < :to
			    AND (e.kind = 'INBOUND' OR (e.kind = 'ACTIVITY' AND e.activity = 'RESOLVED')) %1$s
			  UNION ALL
			  SELECT 'out', c.queue_id, r.actor,
			         CASE WHEN previous.seq IS NULL THEN EXTRACT(EPOCH FROM r.at - c.created_at) END,
			         EXTRACT(EPOCH FROM r.at - waiting.since),
			         CASE WHEN previous.seq IS NULL AND c.first_response_due_at IS NOT NULL
			              THEN CASE WHEN r.at <= c.first_response_due_at THEN 1.0 ELSE 0.0 END END
			  FROM conversation_entries r JOIN conversations c ON c.id = r.conversation_id
			  CROSS JOIN LATERAL (SELECT max(p.seq) AS seq FROM conversation_entries p
			    WHERE p.conversation_id = r.conversation_id AND p.kind = 'OUTBOUND' AND p.seq < r.seq) previous
			  CROSS JOIN LATERAL (SELECT min(i.at) AS since FROM conversation_entries i
			    WHERE i.conversation_id = r.conversation_id AND i.kind = 'INBOUND' AND i.seq < r.seq
			      AND i.seq > COALESCE(previous.seq, 0)) waiting
			  WHERE r.tenant_id = :tenantId AND r.kind = 'OUTBOUND' AND r.at >= :from AND r.at < :to %1$s
			)
			SELECT GROUPING(queue_id) AS all_queues, GROUPING(actor) AS all_actors, queue_id, actor,
			  count(*) FILTER (WHERE kind = 'opened') AS opened,
			  count(*) FILTER (WHERE kind = 'resolved') AS resolved,
			  count(*) FILTER (WHERE kind = 'in') AS messages_in,
			  count(*) FILTER (WHERE kind = 'out') AS messages_out,
			  count(first_seconds) AS first_samples,
			  percentile_cont(0.5) WITHIN GROUP (ORDER BY first_seconds) AS first_p50,
			  percentile_cont(0.9) WITHIN GROUP (ORDER BY first_seconds) AS first_p90,
			  count(reply_seconds) AS reply_samples,
			  percentile_cont(0.5) WITHIN GROUP (ORDER BY reply_seconds) AS reply_p50,
			  percentile_cont(0.9) WITHIN GROUP (ORDER BY reply_seconds) AS reply_p90,
			  avg(first_met) AS sla_hit_rate
			FROM facts %2$s
			GROUP BY GROUPING SETS ((), (queue_id), (actor))
			ORDER BY queue_id NULLS FIRST, actor NULLS FIRST""";

	private final DatabaseClient database;

	ConversationStats(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * @param queueId limits the figures to the queue, null for all
	 * @param agentId limits the figures to what the agent did (its own figures), null for
	 * the tenant's
	 */
	Mono<ConversationStatsView> compute(String tenantId, Instant from, Instant to, UUID queueId, String agentId) {
		String sql = FACTS.formatted((queueId != null) ? "AND c.queue_id = :queueId" : "",
				(agentId != null) ? "WHERE actor = :agentId" : "");
		DatabaseClient.GenericExecuteSpec query = this.database.sql(sql)
			.bind("tenantId", tenantId)
			.bind("from", from)
			.bind("to", to);
		if (queueId != null) {
			query = query.bind("queueId", queueId);
		}
		if (agentId != null) {
			query = query.bind("agentId", agentId);
		}
		return query.map(Row::of).all().collectList().map((rows) -> {
			Figures totals = null;
			List<QueueFigures> queues = new ArrayList<>();
			List<AgentFigures> agents = new ArrayList<>();
			for (Row row : rows) {
				if (row.allQueues() && row.allActors()) {
					totals = row.figures();
				}
				else if (!row.allQueues()) {
					queues.add(new QueueFigures(row.queueId(), row.figures()));
				}
				else if (row.actor() != null) {
					agents.add(new AgentFigures(row.actor(), row.figures()));
				}
			}
			if (agentId != null) {
				return new ConversationStatsView(from, to, queueId, null, List.of(), agents);
			}
			return new ConversationStatsView(from, to, queueId, (totals != null) ? totals : empty(), queues, agents);
		});
	}

	private static Figures empty() {
		return new Figures(0, 0, 0, 0, new Durations(0, null, null), new Durations(0, null, null), null);
	}

	private record Row(boolean allQueues, boolean allActors, UUID queueId, String actor, Figures figures) {

		static Row of(Readable row) {
			return new Row(number(row, "all_queues") == 1, number(row, "all_actors") == 1,
					row.get("queue_id", UUID.class), row.get("actor", String.class),
					new Figures(number(row, "opened"), number(row, "resolved"), number(row, "messages_in"),
							number(row, "messages_out"), durations(row, "first"), durations(row, "reply"),
							row.get("sla_hit_rate", Double.class)));
		}

		private static Durations durations(Readable row, String prefix) {
			return new Durations(number(row, prefix + "_samples"), row.get(prefix + "_p50", Double.class),
					row.get(prefix + "_p90", Double.class));
		}

		private static long number(Readable row, String column) {
			Number value = row.get(column, Number.class);
			return (value != null) ? value.longValue() : 0;
		}

	}

}

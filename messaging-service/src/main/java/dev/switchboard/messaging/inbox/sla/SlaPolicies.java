package dev.switchboard.messaging.inbox.sla;

import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The SLA a conversation is held to: its queue's {@code slaPolicy} over the configured
 * defaults, and its queue's business hours (none: around the clock).
 */
@Component
public class SlaPolicies {

	private static final Logger log = LoggerFactory.getLogger(SlaPolicies.class);

	private final DatabaseClient database;

	private final SlaProperties properties;

	SlaPolicies(DatabaseClient database, SlaProperties properties) {
		this.database = database;
		this.properties = properties;
	}

	/** The SLA of the tenant's conversation (the defaults when it has no queue). */
	public Mono<QueueSla> of(String tenantId, UUID conversationId) {
		return this.database.sql("""
				SELECT c.queue_id, q.sla_policy, q.business_hours FROM conversations c
				LEFT JOIN queues q ON q.tenant_id = c.tenant_id AND q.id = c.queue_id
				WHERE c.tenant_id = :tenantId AND c.id = :id""")
			.bind("tenantId", tenantId)
			.bind("id", conversationId)
			.map(this::sla)
			.one()
			.defaultIfEmpty(new QueueSla(null, this.properties.defaults(), BusinessHours.ALWAYS));
	}

	/**
	 * The SLA of a queue of the tenant (the defaults for none: the general backlog, or a
	 * queue the tenant does not have).
	 */
	public Mono<QueueSla> ofQueue(String tenantId, UUID queueId) {
		QueueSla defaults = new QueueSla(null, this.properties.defaults(), BusinessHours.ALWAYS);
		if (queueId == null) {
			return Mono.just(defaults);
		}
		return this.database.sql("""
				SELECT q.id AS queue_id, q.sla_policy, q.business_hours FROM queues q
				WHERE q.tenant_id = :tenantId AND q.id = :id""")
			.bind("tenantId", tenantId)
			.bind("id", queueId)
			.map(this::sla)
			.one()
			.defaultIfEmpty(defaults);
	}

	private QueueSla sla(Readable row) {
		UUID queueId = row.get("queue_id", UUID.class);
		try {
			return new QueueSla(queueId, SlaPolicy.parse(object(row, "sla_policy"), this.properties.defaults()),
					BusinessHours.parse(object(row, "business_hours")));
		}
		catch (InvalidSlaSettings ex) {
			// Stored before queues were validated: the defaults rather than no clock.
			log.warn("Queue {} has an unusable {} ({}); the SLA defaults apply", queueId, ex.field(), ex.getMessage());
			return new QueueSla(queueId, this.properties.defaults(), BusinessHours.ALWAYS);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Readable row, String column) {
		Json json = row.get(column, Json.class);
		return (json != null) ? EventJson.read(json.asArray(), Map.class) : null;
	}

	/**
	 * A conversation's SLA.
	 *
	 * @param queueId the conversation's queue, null for the general backlog
	 * @param policy the targets
	 * @param hours the working hours the clocks run in
	 */
	public record QueueSla(UUID queueId, SlaPolicy policy, BusinessHours hours) {
	}

}

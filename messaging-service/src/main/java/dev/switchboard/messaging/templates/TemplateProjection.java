package dev.switchboard.messaging.templates;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.outbox.Inbox;
import dev.switchboard.events.templates.TemplateChanged;
import io.r2dbc.postgresql.codec.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The tenant's templates as announced on {@code templates.events.v1}: each name and
 * language at its latest state. An event is applied once (inbox) and only when its
 * {@code stateAt} is not older than the state held, so a late sync never overwrites a
 * newer status webhook, and a replay from the earliest offset rebuilds the same table.
 */
@Component
class TemplateProjection {

	static final String CONSUMER_GROUP = "messaging-service.templates";

	private static final Logger log = LoggerFactory.getLogger(TemplateProjection.class);

	private final DatabaseClient database;

	private final Inbox inbox;

	private final TransactionalOperator transactions;

	TemplateProjection(DatabaseClient database, Inbox inbox, TransactionalOperator transactions) {
		this.database = database;
		this.inbox = inbox;
		this.transactions = transactions;
	}

	/** Applies the event unless it was applied before or is older than the state held. */
	Mono<Void> apply(EventEnvelope<TemplateChanged> event) {
		TemplateChanged template = event.data();
		if (template == null || template.name() == null || template.language() == null || template.status() == null
				|| template.stateAt() == null) {
			log.warn("Ignoring incomplete template event {} of tenant {}", event.id(), event.tenantId());
			return Mono.empty();
		}
		Mono<Void> work = this.inbox.firstDelivery(CONSUMER_GROUP, event.id(), event.tenantId())
			.flatMap((first) -> first ? upsert(event.tenantId(), template) : Mono.empty())
			.then();
		return this.transactions.transactional(work);
	}

	private Mono<Long> upsert(String tenantId, TemplateChanged template) {
		GenericExecuteSpec upsert = this.database.sql("""
				INSERT INTO templates (tenant_id, name, language, waba_id, template_id, status, category,
				  parameter_format, components, state_at)
				VALUES (:tenantId, :name, :language, :wabaId, :templateId, :status, :category, :parameterFormat,
				  :components, :stateAt)
				ON CONFLICT (tenant_id, name, language) DO UPDATE SET
				  waba_id = EXCLUDED.waba_id, template_id = EXCLUDED.template_id, status = EXCLUDED.status,
				  category = EXCLUDED.category, parameter_format = EXCLUDED.parameter_format,
				  components = EXCLUDED.components, state_at = EXCLUDED.state_at, updated_at = now()
				WHERE templates.state_at <= EXCLUDED.state_at
				""")
			.bind("tenantId", tenantId)
			.bind("name", template.name())
			.bind("language", template.language())
			.bind("wabaId", String.valueOf(template.wabaId()))
			.bind("templateId", String.valueOf(template.templateId()))
			.bind("status", template.status())
			.bind("components", Json.of(EventJson.write(template.components())))
			.bind("stateAt", template.stateAt());
		upsert = nullable(upsert, "category", template.category());
		upsert = nullable(upsert, "parameterFormat", template.parameterFormat());
		return upsert.fetch().rowsUpdated();
	}

	private static GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	/** Every language of a template name. */
	Flux<KnownTemplate> languages(String tenantId, String name) {
		return this.database.sql("""
				SELECT name, language, status, parameter_format, components, state_at FROM templates
				WHERE tenant_id = :tenantId AND name = :name
				""").bind("tenantId", tenantId).bind("name", name).map((row) -> {
			Json components = row.get("components", Json.class);
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> list = (components != null) ? EventJson.read(components.asArray(), List.class)
					: List.of();
			return new KnownTemplate(row.get("name", String.class), row.get("language", String.class),
					row.get("status", String.class), row.get("parameter_format", String.class), list,
					row.get("state_at", Instant.class));
		}).all();
	}

	/** Whether the projection holds any template of the tenant. */
	Mono<Boolean> hasAny(String tenantId) {
		return this.database.sql("SELECT 1 FROM templates WHERE tenant_id = :tenantId LIMIT 1")
			.bind("tenantId", tenantId)
			.map((row) -> true)
			.all()
			.hasElements();
	}

}

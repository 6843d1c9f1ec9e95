package dev.switchboard.templates.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.outbox.Inbox;
import dev.switchboard.events.wa.WaTemplateCategory;
import dev.switchboard.events.wa.WaTemplateQuality;
import dev.switchboard.events.wa.WaTemplateStatus;
import dev.switchboard.templates.template.Template;
import dev.switchboard.templates.template.TemplateChanges;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Meta's template webhooks on {@code wa.template.v1} (status, quality and category
 * updates) applied to the stored template at once, in one transaction with the inbox (a
 * redelivered event changes nothing) and the outbox ({@code TemplateChanged}). An update
 * older than the stored state (a sync read after Meta's change, or a webhook overtaken by
 * a newer one) is ignored. A template not synced yet is stored from what the webhook
 * says, without components, until the next sync fills them in.
 */
@Component
class TemplateWebhooks implements EventHandler<Object> {

	static final String GROUP = "template-service.template-updates";

	/** Webhook events that are the template's new status. */
	private static final Set<String> STATUSES = Set.of("APPROVED", "REJECTED", "PENDING", "PAUSED", "DISABLED",
			"IN_APPEAL", "PENDING_DELETION", "DELETED", "LIMIT_EXCEEDED", "ARCHIVED");

	private final Inbox inbox;

	private final TemplateChanges changes;

	private final TransactionalOperator transactions;

	private final MeterRegistry meters;

	TemplateWebhooks(Inbox inbox, TemplateChanges changes, TransactionalOperator transactions, MeterRegistry meters) {
		this.inbox = inbox;
		this.changes = changes;
		this.transactions = transactions;
		this.meters = meters;
	}

	@Override
	public Mono<Void> handle(ConsumedEvent<Object> consumed) {
		EventEnvelope<Object> event = consumed.event();
		Optional<Update> update = update(event);
		this.meters
			.counter("switchboard.templates.webhooks", "type", event.type().type(), "applied",
					String.valueOf(update.isPresent()))
			.increment();
		if (update.isEmpty()) {
			return Mono.empty();
		}
		Update u = update.get();
		Mono<Boolean> work = this.inbox.firstDelivery(GROUP, event.id(), event.tenantId())
			.filter(Boolean::booleanValue)
			.flatMap((first) -> this.changes.update(event.tenantId(), u.wabaId(), u.name(), u.language(), u.at(),
					(stored) -> u.apply(event.tenantId(), stored)));
		return this.transactions.transactional(work).then();
	}

	private static Optional<Update> update(EventEnvelope<Object> event) {
		Object data = event.data();
		if (data instanceof WaTemplateStatus status && status.name() != null && status.language() != null) {
			String next = "REINSTATED".equals(status.event()) ? "APPROVED" : status.event();
			if (!STATUSES.contains(next)) {
				return Optional.empty();
			}
			Instant at = (status.time() != null) ? status.time() : event.time();
			return Optional.of(new Update(status.wabaId(), String.valueOf(status.templateId()), status.name(),
					language(status.language()), at,
					(current) -> new Template(current.tenantId(), current.wabaId(), current.templateId(),
							current.name(), current.language(), next,
							(status.category() != null) ? status.category() : current.category(), current.quality(),
							current.parameterFormat(), reason(status.reason()), current.components(), at,
							Template.DELETED.equals(next)),
					next, status.category()));
		}
		if (data instanceof WaTemplateQuality quality && quality.name() != null && quality.language() != null) {
			Instant at = (quality.time() != null) ? quality.time() : event.time();
			return Optional.of(new Update(quality.wabaId(), String.valueOf(quality.templateId()), quality.name(),
					language(quality.language()), at,
					(current) -> new Template(current.tenantId(), current.wabaId(), current.templateId(),
							current.name(), current.language(), current.status(), current.category(),
							quality.newScore(), current.parameterFormat(), current.reason(), current.components(), at,
							current.deleted()),
					null, null));
		}
		if (data instanceof WaTemplateCategory category && category.name() != null && category.language() != null) {
			Instant at = (category.time() != null) ? category.time() : event.time();
			return Optional.of(new Update(category.wabaId(), String.valueOf(category.templateId()), category.name(),
					language(category.language()), at,
					(current) -> new Template(current.tenantId(), current.wabaId(), current.templateId(),
							current.name(), current.language(), current.status(), category.newCategory(),
							current.quality(), current.parameterFormat(), current.reason(), current.components(), at,
							current.deleted()),
					null, null));
		}
		return Optional.empty();
	}

	/** Meta writes {@code en-US} in some webhooks, {@code en_US} in the template list. */
	static String language(String language) {
		return language.replace('-', '_');
	}

	private static String reason(String given) {
		return (given == null || "NONE".equals(given)) ? null : given;
	}

	/**
	 * What one webhook changes.
	 *
	 * @param wabaId the WABA
	 * @param templateId Meta's template id
	 * @param name template name
	 * @param language language as the template list names it
	 * @param at when Meta reported it
	 * @param edit the new state from the stored one
	 * @param status the status a template not stored yet gets, null when the webhook says
	 * none (it is then not stored)
	 * @param category the category a template not stored yet gets, may be null
	 */
	record Update(String wabaId, String templateId, String name, String language, Instant at,
			java.util.function.UnaryOperator<Template> edit, String status, String category) {

		Template apply(String tenantId, Optional<Template> stored) {
			if (stored.isPresent()) {
				return this.edit.apply(stored.get());
			}
			if (this.status == null) {
				return null;
			}
			return new Template(tenantId, this.wabaId, this.templateId, this.name, this.language, this.status,
					this.category, null, null, null, List.of(), this.at, Template.DELETED.equals(this.status));
		}

	}

}

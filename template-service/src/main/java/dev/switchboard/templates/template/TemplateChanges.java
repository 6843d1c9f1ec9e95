package dev.switchboard.templates.template;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.events.templates.TemplateChanged;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Turns what Meta reports (a sync page, a webhook) into stored state and
 * {@code TemplateChanged} events on {@code templates.events.v1}, through the outbox in
 * the same transaction. Callers run these inside a transaction: the WABA's lock is taken
 * first, then the stored state read, compared and written.
 */
@Component
public class TemplateChanges {

	private final TemplateStore store;

	private final Outbox outbox;

	TemplateChanges(TemplateStore store, Outbox outbox) {
		this.store = store;
		this.outbox = outbox;
	}

	/**
	 * Full states as a sync read them: each one newer than and different from what is
	 * stored is written and published.
	 * @return how many changed
	 */
	public Mono<Integer> observe(String tenantId, String wabaId, List<Template> seen) {
		if (seen.isEmpty()) {
			return Mono.just(0);
		}
		List<String> names = seen.stream().map(Template::name).distinct().toList();
		return this.store.lockWaba(tenantId, wabaId)
			.thenMany(this.store.byNames(tenantId, wabaId, names))
			.collectMap(Template::key)
			.flatMap((stored) -> write(tenantId, seen, stored::get));
	}

	/**
	 * One template updated from a webhook: {@code edit} makes the new state from the
	 * stored one (null when unknown). Nothing happens when the stored state is newer than
	 * {@code at} or {@code edit} returns null.
	 * @return whether the template changed
	 */
	public Mono<Boolean> update(String tenantId, String wabaId, String name, String language, Instant at,
			Function<Optional<Template>, Template> edit) {
		return this.store.lockWaba(tenantId, wabaId)
			.thenMany(this.store.byNames(tenantId, wabaId, List.of(name)))
			.filter((template) -> template.language().equals(language))
			.next()
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((stored) -> {
				if (stored.isPresent() && stored.get().stateAt().isAfter(at)) {
					return Mono.just(0);
				}
				Template next = edit.apply(stored);
				if (next == null) {
					return Mono.just(0);
				}
				return write(tenantId, List.of(next), (key) -> stored.orElse(null));
			})
			.map((changed) -> changed > 0);
	}

	/**
	 * Marks deleted the WABA's templates a complete sync started at {@code syncStart} did
	 * not see (and nothing reported since).
	 * @return how many were marked
	 */
	public Mono<Integer> deleteUnseen(String tenantId, String wabaId, Collection<String> seenKeys, Instant syncStart,
			Instant at) {
		return this.store.lockWaba(tenantId, wabaId)
			.thenMany(this.store.liveBefore(tenantId, wabaId, syncStart))
			.filter((template) -> !seenKeys.contains(template.key()))
			.collectList()
			.flatMap((gone) -> {
				Map<String, Template> stored = new HashMap<>();
				gone.forEach((template) -> stored.put(template.key(), template));
				List<Template> deleted = gone.stream().map((template) -> template.asDeleted(at)).toList();
				return write(tenantId, deleted, stored::get);
			});
	}

	private Mono<Integer> write(String tenantId, List<Template> candidates, Function<String, Template> stored) {
		List<Template> changed = new ArrayList<>();
		List<Outbox.Append> events = new ArrayList<>();
		for (Template next : candidates) {
			Template previous = stored.apply(next.key());
			if (previous != null && previous.stateAt().isAfter(next.stateAt())) {
				continue;
			}
			Optional<TemplateChange> change = next.changeFrom(previous);
			if (change.isEmpty()) {
				continue;
			}
			changed.add(next);
			events.add(new Outbox.Append(event(tenantId, next, change.get(), previous), key(tenantId, next)));
		}
		return this.store.save(changed).then(this.outbox.appendAll(events)).thenReturn(changed.size());
	}

	private EventEnvelope<TemplateChanged> event(String tenantId, Template template, TemplateChange change,
			Template previous) {
		TemplateChanged data = new TemplateChanged(template.wabaId(), template.templateId(), template.name(),
				template.language(), change.name(), template.status(), (previous != null) ? previous.status() : null,
				template.category(), template.quality(), template.parameterFormat(), template.reason(),
				template.components(), template.stateAt());
		return EventEnvelope.of(EventType.TEMPLATE_CHANGED_V1, this.outbox.source(), tenantId,
				template.name() + ":" + template.language(), data);
	}

	/**
	 * {@code tenantId:wabaId:name:language}: the variants of a template stay in order.
	 */
	static String key(String tenantId, Template template) {
		return tenantId + ":" + template.wabaId() + ":" + template.name() + ":" + template.language();
	}

}

package dev.switchboard.messaging.inbox.conversations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.messaging.inbox.agents.InboxCaller;
import dev.switchboard.messaging.inbox.agents.InboxCallers;
import dev.switchboard.messaging.inbox.conversations.ConversationActions.Actor;
import dev.switchboard.messaging.inbox.tags.TagCatalogue;
import dev.switchboard.messaging.inbox.tags.TaggedConversations;
import dev.switchboard.messaging.inbox.timeline.Timeline;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Conversations carry tags of the tenant's catalogue only, in the catalogue's spelling:
 * tagging resolves the names first (an unknown one is {@code 422 UNKNOWN_TAG}), and a
 * renamed or deleted catalogue tag changes every conversation that carries it (version,
 * activity {@code TAGS_CHANGED}, event).
 */
@Component
class ConversationTags implements TaggedConversations {

	/** Most tags one conversation carries. */
	static final int MAX_TAGS = 20;

	private final TagCatalogue catalogue;

	private final ConversationActions actions;

	private final ConversationStore store;

	private final Timeline timeline;

	private final ConversationEvents events;

	private final InboxCallers callers;

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	ConversationTags(TagCatalogue catalogue, ConversationActions actions, ConversationStore store, Timeline timeline,
			ConversationEvents events, InboxCallers callers, DatabaseClient database,
			TransactionalOperator transactions) {
		this.catalogue = catalogue;
		this.actions = actions;
		this.store = store;
		this.timeline = timeline;
		this.events = events;
		this.callers = callers;
		this.database = database;
		this.transactions = transactions;
	}

	/** Priority and the whole list of tags (catalogue names, any case). */
	Mono<Conversation> classify(Actor actor, UUID id, Priority priority, List<String> tags, Long expectedVersion) {
		if (tags == null) {
			return this.actions.classify(actor, id, priority, null, expectedVersion);
		}
		return this.transactions.transactional(this.catalogue.resolve(actor.tenantId(), tags)
			.flatMap((known) -> this.actions.classify(actor, id, priority, known, expectedVersion)));
	}

	/** Adds one catalogue tag; a tag the conversation carries already changes nothing. */
	Mono<Conversation> add(Actor actor, UUID id, String name) {
		return this.transactions.transactional(this.catalogue.resolve(actor.tenantId(), List.of(name))
			.flatMap((known) -> lockedFor(actor, id).flatMap((conversation) -> {
				String tag = known.get(0);
				if (conversation.tags().contains(tag)) {
					conversation.requireOpen();
					return Mono.just(conversation);
				}
				if (conversation.tags().size() >= MAX_TAGS) {
					return Mono.error(ApiProblem.validationFailed(
							List.of(new FieldProblem("name", "a conversation carries at most " + MAX_TAGS + " tags"))));
				}
				List<String> tags = new ArrayList<>(conversation.tags());
				tags.add(tag);
				return this.actions.classify(actor, id, null, tags, null);
			})));
	}

	/**
	 * Removes a tag (any case); a tag the conversation does not carry changes nothing.
	 */
	Mono<Conversation> remove(Actor actor, UUID id, String name) {
		String key = name.strip().toLowerCase(Locale.ROOT);
		return this.transactions.transactional(lockedFor(actor, id).flatMap((conversation) -> {
			List<String> tags = conversation.tags()
				.stream()
				.filter((tag) -> !tag.toLowerCase(Locale.ROOT).equals(key))
				.toList();
			if (tags.size() == conversation.tags().size()) {
				conversation.requireOpen();
				return Mono.just(conversation);
			}
			return this.actions.classify(actor, id, null, tags, null);
		}));
	}

	/**
	 * Adds catalogue tags and removes tags (any case) in one change; nothing to change
	 * changes nothing.
	 */
	Mono<Conversation> change(Actor actor, UUID id, List<String> add, List<String> remove) {
		Set<String> removed = new HashSet<>();
		remove.forEach((name) -> removed.add(name.strip().toLowerCase(Locale.ROOT)));
		return this.transactions.transactional(this.catalogue.resolve(actor.tenantId(), add)
			.flatMap((known) -> lockedFor(actor, id).flatMap((conversation) -> {
				List<String> tags = new ArrayList<>();
				for (String tag : conversation.tags()) {
					if (!removed.contains(tag.toLowerCase(Locale.ROOT))) {
						tags.add(tag);
					}
				}
				known.stream().filter((tag) -> !tags.contains(tag)).forEach(tags::add);
				if (tags.equals(conversation.tags())) {
					conversation.requireOpen();
					return Mono.just(conversation);
				}
				if (tags.size() > MAX_TAGS) {
					return Mono.error(ApiProblem.validationFailed(
							List.of(new FieldProblem("tags", "a conversation carries at most " + MAX_TAGS + " tags"))));
				}
				return this.actions.classify(actor, id, null, tags, null);
			})));
	}

	@Override
	public Mono<Void> retag(String tenantId, String name, String replacement, String actorId) {
		String key = name.toLowerCase(Locale.ROOT);
		// Row locks in id order: two catalogue changes never wait for each other in a
		// circle.
		return this.database.sql("""
				SELECT c.id FROM conversations c WHERE c.tenant_id = :tenantId
				AND EXISTS (SELECT 1 FROM unnest(c.tags) AS t(name) WHERE lower(t.name) = :key)
				ORDER BY c.id FOR UPDATE""")
			.bind("tenantId", tenantId)
			.bind("key", key)
			.map((row) -> row.get("id", UUID.class))
			.all()
			.concatMap((id) -> this.store.find(tenantId, id))
			.concatMap((conversation) -> retagged(conversation, key, replacement, actorId))
			.then();
	}

	private Mono<Conversation> retagged(Conversation before, String key, String replacement, String actorId) {
		List<String> tags = new ArrayList<>();
		for (String tag : before.tags()) {
			String next = tag.toLowerCase(Locale.ROOT).equals(key) ? replacement : tag;
			if (next != null && !tags.contains(next)) {
				tags.add(next);
			}
		}
		Conversation after = before.retagged(tags);
		Instant now = Instant.now();
		Map<String, Object> details = Map.of("tags", Map.of("from", before.tags(), "to", tags), "reason",
				(replacement != null) ? "TAG_RENAMED" : "TAG_DELETED");
		return this.store.save(after)
			.flatMap((saved) -> this.timeline
				.appendActivity(saved.tenantId(), saved.id(), actorId, "TAGS_CHANGED", details, now)
				.flatMap((entry) -> this.events.changed(saved, "TAGS_CHANGED", null, entry, actorId, now))
				.thenReturn(saved));
	}

	/** The conversation locked, once the caller may act on it. */
	private Mono<Conversation> lockedFor(Actor actor, UUID id) {
		return this.store.lock(actor.tenantId(), id)
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such conversation")))
			.flatMap((conversation) -> this.callers.mayActOn(actor.caller(), id)
				.flatMap((allowed) -> allowed ? Mono.just(conversation) : Mono.error(InboxCaller
					.forbidden("An agent acts on its own conversations and the unassigned ones of its queues"))));
	}

}

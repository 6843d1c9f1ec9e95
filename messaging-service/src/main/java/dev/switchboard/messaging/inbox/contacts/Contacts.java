package dev.switchboard.messaging.inbox.contacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.switchboard.events.Uuids;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * Contacts and their identifiers. A contact is found by any identifier Meta gives (the
 * phone's wa_id, the business-scoped user id); identifiers seen for the first time are
 * added to it. Call inside a transaction: the contact's identifiers are locked first, so
 * that concurrent messages of one contact resolve to one contact.
 */
@Component
public class Contacts {

	static final String COLUMNS = "id, tenant_id, phone, user_id, profile_name, created_at, updated_at";

	private final DatabaseClient database;

	Contacts(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * The contact with these identifiers, created or completed (new identifiers, newer
	 * profile name) as needed. Takes transaction-scoped locks on the identifiers, in a
	 * fixed order.
	 * @param waId the phone's digits ({@code from}), may be null
	 * @param userId the business-scoped user id, may be null
	 * @param profileName profile name, may be null
	 */
	public Mono<Contact> resolve(String tenantId, String waId, String userId, String profileName, Instant at) {
		List<Identity> identities = new Sender(tenantId, waId, userId, profileName).identities();
		if (identities.isEmpty()) {
			return Mono.error(new IllegalArgumentException("A contact needs a wa_id or a business-scoped user id"));
		}
		return lockAll(identities.stream().map((identity) -> identity.lockKey(tenantId)).toList())
			.then(Flux.fromIterable(identities).concatMap((identity) -> byIdentity(tenantId, identity)).next())
			.flatMap((existing) -> complete(existing, identities, profileName, at))
			.switchIfEmpty(Mono.defer(() -> create(tenantId, identities, profileName, at)));
	}

	/**
	 * The contact changed its number ({@code user_changed_number}): the new wa_id becomes
	 * its number, the old one stays an identifier of it, its history stays.
	 */
	public Mono<Contact> changeNumber(Contact contact, String newWaId, Instant at) {
		Identity identity = new Identity("WA_ID", digits(newWaId));
		// A message from the new number may have been handled first (it is keyed by the
		// new number): its identifier moves to this contact, so later ones join it.
		Mono<Void> moved = this.database.sql("""
				INSERT INTO contact_identities (tenant_id, kind, value, contact_id, created_at)
				VALUES (:tenantId, :kind, :value, :contactId, :at)
				ON CONFLICT (tenant_id, kind, value) DO UPDATE SET contact_id = EXCLUDED.contact_id""")
			.bind("tenantId", contact.tenantId())
			.bind("kind", identity.kind())
			.bind("value", identity.value())
			.bind("contactId", contact.id())
			.bind("at", at)
			.then();
		return lock(contact.tenantId(), identity).then(moved)
			.then(this.database
				.sql("UPDATE contacts SET phone = :phone, updated_at = :at WHERE id = :id RETURNING " + COLUMNS)
				.bind("phone", "+" + identity.value())
				.bind("at", at)
				.bind("id", contact.id())
				.map(Contacts::contact)
				.one());
	}

	/** The tenant's contact, empty for another tenant's id. */
	public Mono<Contact> find(String tenantId, UUID id) {
		return this.database.sql("SELECT " + COLUMNS + " FROM contacts WHERE tenant_id = :tenantId AND id = :id")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map(Contacts::contact)
			.one();
	}

	private Mono<Void> lock(String tenantId, Identity identity) {
		return lockAll(List.of(identity.lockKey(tenantId)));
	}

	/**
	 * Takes the identifiers' transaction-scoped locks in one statement, in one fixed
	 * order (of the lock ids: the subquery sorts them, the locking function runs on its
	 * sorted output), so that transactions locking overlapping sets, one contact's or a
	 * batch's, queue rather than deadlock.
	 */
	private Mono<Void> lockAll(Collection<String> keys) {
		if (keys.isEmpty()) {
			return Mono.empty();
		}
		return this.database.sql("""
				SELECT pg_advisory_xact_lock(l.id)
				FROM (SELECT DISTINCT hashtextextended(k, 0) AS id FROM unnest(:keys::text[]) AS k) AS l
				ORDER BY l.id""").bind("keys", keys.toArray(new String[0])).fetch().rowsUpdated().then();
	}

	/**
	 * For a batch of senders: locks every identifier given (one statement, in the order
	 * {@link #resolve} locks them), then finds the contacts that need nothing from
	 * {@link #resolve} (one statement): every identifier known and belonging to the one
	 * contact, which has the number, the user id and the profile name given. Call inside
	 * the transaction that stores the senders' messages.
	 * @return per sender, in order, that contact; empty where {@link #resolve} must run
	 * (a new contact or identifier, a changed profile name)
	 */
	public Mono<List<Optional<Contact>>> lockAndFindUnchanged(List<Sender> senders) {
		List<List<Identity>> identities = senders.stream().map(Sender::identities).toList();
		Set<String> keys = new TreeSet<>();
		List<String> tenantIds = new ArrayList<>();
		List<String> kinds = new ArrayList<>();
		List<String> values = new ArrayList<>();
		for (int i = 0; i < senders.size(); i++) {
			String tenantId = senders.get(i).tenantId();
			for (Identity identity : identities.get(i)) {
				if (keys.add(identity.lockKey(tenantId))) {
					tenantIds.add(tenantId);
					kinds.add(identity.kind());
					values.add(identity.value());
				}
			}
		}
		if (keys.isEmpty()) {
			return Mono.just(senders.stream().map((sender) -> Optional.<Contact>empty()).toList());
		}
		Mono<Map<String, Contact>> found = this.database
			.sql("SELECT i.tenant_id AS identity_tenant, i.kind, i.value, " + prefixed("c") + """
					 FROM contact_identities i JOIN contacts c ON c.id = i.contact_id
					WHERE (i.tenant_id, i.kind, i.value) IN
					(SELECT * FROM unnest(:tenantIds::text[], :kinds::text[], :values::text[]))""")
			.bind("tenantIds", tenantIds.toArray(new String[0]))
			.bind("kinds", kinds.toArray(new String[0]))
			.bind("values", values.toArray(new String[0]))
			.map((row) -> Map.entry(new Identity(row.get("kind", String.class), row.get("value", String.class))
				.lockKey(row.get("identity_tenant", String.class)), contact(row)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
		return lockAll(keys).then(found).map((byKey) -> {
			List<Optional<Contact>> unchanged = new ArrayList<>(senders.size());
			for (int i = 0; i < senders.size(); i++) {
				unchanged.add(unchanged(senders.get(i), identities.get(i), byKey));
			}
			return unchanged;
		});
	}

	private static Optional<Contact> unchanged(Sender sender, List<Identity> identities, Map<String, Contact> byKey) {
		if (identities.isEmpty()) {
			return Optional.empty();
		}
		Contact contact = byKey.get(identities.get(0).lockKey(sender.tenantId()));
		if (contact == null) {
			return Optional.empty();
		}
		for (Identity identity : identities) {
			Contact owner = byKey.get(identity.lockKey(sender.tenantId()));
			if (owner == null || !owner.id().equals(contact.id())) {
				return Optional.empty();
			}
		}
		boolean complete = (contact.phone() != null || sender.waId() == null || sender.waId().isBlank())
				&& (contact.userId() != null || sender.userId() == null || sender.userId().isBlank())
				&& (sender.profileName() == null || sender.profileName().equals(contact.profileName()));
		return complete ? Optional.of(contact) : Optional.empty();
	}

	private Mono<Contact> byIdentity(String tenantId, Identity identity) {
		return this.database.sql("SELECT " + prefixed("c") + """
				 FROM contact_identities i JOIN contacts c ON c.id = i.contact_id
				WHERE i.tenant_id = :tenantId AND i.kind = :kind AND i.value = :value""")
			.bind("tenantId", tenantId)
			.bind("kind", identity.kind())
			.bind("value", identity.value())
			.map(Contacts::contact)
			.one();
	}

	private Mono<Contact> complete(Contact contact, List<Identity> identities, String profileName, Instant at) {
		String phone = identities.stream()
			.filter((identity) -> identity.kind().equals("WA_ID"))
			.map((identity) -> "+" + identity.value())
			.findFirst()
			.orElse(null);
		String userId = identities.stream()
			.filter((identity) -> identity.kind().equals("BSUID"))
			.map(Identity::value)
			.findFirst()
			.orElse(null);
		boolean changed = (phone != null && contact.phone() == null) || (userId != null && contact.userId() == null)
				|| (profileName != null && !profileName.equals(contact.profileName()));
		Mono<Void> added = Flux.fromIterable(identities)
			.concatMap((identity) -> addIdentity(contact, identity, at))
			.then();
		if (!changed) {
			return added.thenReturn(contact);
		}
		GenericExecuteSpec update = this.database
			.sql("""
					UPDATE contacts SET phone = COALESCE(phone, :phone), user_id = COALESCE(user_id, :userId),
					profile_name = COALESCE(:profileName, profile_name), updated_at = :at WHERE id = :id RETURNING\s"""
					+ COLUMNS)
			.bind("id", contact.id())
			.bind("at", at);
		update = nullable(update, "phone", phone);
		update = nullable(update, "userId", userId);
		update = nullable(update, "profileName", profileName);
		return added.then(update.map(Contacts::contact).one());
	}

	private Mono<Contact> create(String tenantId, List<Identity> identities, String profileName, Instant at) {
		UUID id = Uuids.random();
		String phone = identities.stream()
			.filter((identity) -> identity.kind().equals("WA_ID"))
			.map((identity) -> "+" + identity.value())
			.findFirst()
			.orElse(null);
		String userId = identities.stream()
			.filter((identity) -> identity.kind().equals("BSUID"))
			.map(Identity::value)
			.findFirst()
			.orElse(null);
		GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO contacts (id, tenant_id, phone, user_id, profile_name, created_at, updated_at)
				VALUES (:id, :tenantId, :phone, :userId, :profileName, :at, :at) RETURNING\s""" + COLUMNS)
			.bind("id", id)
			.bind("tenantId", tenantId)
			.bind("at", at);
		insert = nullable(insert, "phone", phone);
		insert = nullable(insert, "userId", userId);
		insert = nullable(insert, "profileName", profileName);
		return insert.map(Contacts::contact)
			.one()
			.flatMap((contact) -> Flux.fromIterable(identities)
				.concatMap((identity) -> addIdentity(contact, identity, at))
				.then(Mono.just(contact)));
	}

	private Mono<Void> addIdentity(Contact contact, Identity identity, Instant at) {
		return this.database.sql("""
				INSERT INTO contact_identities (tenant_id, kind, value, contact_id, created_at)
				VALUES (:tenantId, :kind, :value, :contactId, :at) ON CONFLICT DO NOTHING""")
			.bind("tenantId", contact.tenantId())
			.bind("kind", identity.kind())
			.bind("value", identity.value())
			.bind("contactId", contact.id())
			.bind("at", at)
			.then();
	}

	static GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	static String prefixed(String alias) {
		return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
	}

	static Contact contact(Readable row) {
		return new Contact(row.get("id", UUID.class), row.get("tenant_id", String.class),
				row.get("phone", String.class), row.get("user_id", String.class), row.get("profile_name", String.class),
				row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
	}

	static String digits(String phone) {
		return phone.replaceAll("[^0-9]", "");
	}

	/**
	 * Who sent a message, as Meta names them.
	 *
	 * @param tenantId the tenant
	 * @param waId the phone's digits ({@code from}), may be null
	 * @param userId the business-scoped user id, may be null
	 * @param profileName profile name, may be null
	 */
	public record Sender(String tenantId, String waId, String userId, String profileName) {

		List<Identity> identities() {
			List<Identity> identities = new ArrayList<>(2);
			if (this.waId != null && !this.waId.isBlank()) {
				identities.add(new Identity("WA_ID", digits(this.waId)));
			}
			if (this.userId != null && !this.userId.isBlank()) {
				identities.add(new Identity("BSUID", this.userId));
			}
			return identities;
		}

		/** The keys of the identifiers' locks. */
		public List<String> lockKeys() {
			return identities().stream().map((identity) -> identity.lockKey(this.tenantId)).toList();
		}

	}

	/**
	 * One identifier of a contact.
	 *
	 * @param kind {@code WA_ID} or {@code BSUID}
	 * @param value the identifier
	 */
	record Identity(String kind, String value) {

		String lockKey(String tenantId) {
			return "contact:" + tenantId + ":" + this.kind + ":" + this.value;
		}

	}

}

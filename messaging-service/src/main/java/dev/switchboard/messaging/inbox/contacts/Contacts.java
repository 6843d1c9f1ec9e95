package dev.switchboard.messaging.inbox.contacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
		List<Identity> identities = new ArrayList<>();
		if (waId != null && !waId.isBlank()) {
			identities.add(new Identity("WA_ID", digits(waId)));
		}
		if (userId != null && !userId.isBlank()) {
			identities.add(new Identity("BSUID", userId));
		}
		if (identities.isEmpty()) {
			return Mono.error(new IllegalArgumentException("A contact needs a wa_id or a business-scoped user id"));
		}
		return Flux.fromIterable(identities)
			.sort()
			.concatMap((identity) -> lock(tenantId, identity))
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
		return this.database.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
			.bind("key", "contact:" + tenantId + ":" + identity.kind() + ":" + identity.value())
			.then();
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
	 * One identifier of a contact.
	 *
	 * @param kind {@code WA_ID} or {@code BSUID}
	 * @param value the identifier
	 */
	record Identity(String kind, String value) implements Comparable<Identity> {

		@Override
		public int compareTo(Identity other) {
			int byKind = this.kind.compareTo(other.kind);
			return (byKind != 0) ? byKind : this.value.compareTo(other.value);
		}

	}

}

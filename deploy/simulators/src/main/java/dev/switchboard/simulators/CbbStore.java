package dev.switchboard.simulators;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;

/** Contacts, custom field definitions and tags of the simulated CBB account. */
final class CbbStore {

	/** CBB's system field ids for phone and e-mail (as seen in client code). */
	static final String PHONE_FIELD_ID = "-8";

	static final String EMAIL_FIELD_ID = "-12";

	private static final long FIRST_FIELD_ID = 100001;

	private static final long FIRST_TAG_ID = 500001;

	private final Map<String, CbbContact> contacts = new ConcurrentHashMap<>();

	private final Map<String, CbbCustomField> fieldsByName = new ConcurrentHashMap<>();

	private final Map<String, Long> tagIds = new ConcurrentHashMap<>();

	private final AtomicLong nextFieldId = new AtomicLong(FIRST_FIELD_ID);

	private final AtomicLong nextTagId = new AtomicLong(FIRST_TAG_ID);

	/** The definition with that name, created (as text) when missing. */
	CbbCustomField defineField(String name, int type, String description) {
		return this.fieldsByName.computeIfAbsent(name, (key) -> new CbbCustomField(this.nextFieldId.getAndIncrement(),
				key, type, (description != null) ? description : ""));
	}

	Optional<CbbCustomField> field(String id) {
		return this.fieldsByName.values().stream().filter((field) -> Long.toString(field.id()).equals(id)).findFirst();
	}

	Optional<CbbCustomField> fieldByName(String name) {
		return Optional.ofNullable(this.fieldsByName.get(name));
	}

	List<CbbCustomField> fields() {
		return this.fieldsByName.values().stream().sorted(Comparator.comparingLong(CbbCustomField::id)).toList();
	}

	long tagId(String name) {
		return this.tagIds.computeIfAbsent(name, (key) -> this.nextTagId.getAndIncrement());
	}

	/**
	 * Creates the contact from CBB's create body (phone, names, e-mail, actions); when it
	 * exists already, only the actions apply (CBB does not change names after creation).
	 */
	CbbContact create(JsonNode body) {
		String phone = Json.text(body, "phone", "");
		String id = Phones.digits(phone);
		CbbContact contact = this.contacts.computeIfAbsent(id,
				(key) -> new CbbContact(key, phone, Json.text(body, "email", ""), Json.text(body, "first_name", ""),
						Json.text(body, "last_name", ""), Json.text(body, "gender", ""), List.of(), Map.of(),
						Instant.now()));
		for (JsonNode action : body.path("actions")) {
			contact = apply(contact.id(), action);
		}
		return contact;
	}

	private CbbContact apply(String contactId, JsonNode action) {
		String kind = Json.text(action, "action", "");
		if ("set_field_value".equals(kind) && Json.text(action, "field_name") != null) {
			String name = Json.text(action, "field_name");
			defineField(name, 0, null);
			return update(contactId, (contact) -> contact.withField(name, Json.text(action, "value", "")));
		}
		if ("add_tag".equals(kind) && Json.text(action, "tag_name") != null) {
			String tag = Json.text(action, "tag_name");
			tagId(tag);
			return update(contactId, (contact) -> contact.withTag(tag));
		}
		return this.contacts.get(contactId);
	}

	Optional<CbbContact> contact(String id) {
		return Optional.ofNullable(this.contacts.get(Phones.digits(id)));
	}

	List<CbbContact> contacts() {
		return this.contacts.values().stream().sorted(Comparator.comparing(CbbContact::created)).toList();
	}

	/** Sets a custom field by id; empty when contact or field is unknown. */
	Optional<CbbContact> setField(String contactId, String fieldId, String value) {
		Optional<CbbCustomField> field = field(fieldId);
		if (field.isEmpty() || contact(contactId).isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(update(Phones.digits(contactId), (contact) -> contact.withField(field.get().name(), value)));
	}

	/**
	 * Contacts whose field ({@code phone}, {@code email}, a system id or a field id) has
	 * the value.
	 */
	List<CbbContact> findBy(String fieldId, String value) {
		return contacts().stream().filter((contact) -> matches(contact, fieldId, value)).limit(100).toList();
	}

	private boolean matches(CbbContact contact, String fieldId, String value) {
		if ("phone".equals(fieldId) || PHONE_FIELD_ID.equals(fieldId)) {
			return !Phones.digits(value).isEmpty() && Phones.digits(contact.phone()).equals(Phones.digits(value));
		}
		if ("email".equals(fieldId) || EMAIL_FIELD_ID.equals(fieldId)) {
			return contact.email().equalsIgnoreCase(value);
		}
		return field(fieldId).map((field) -> value.equals(contact.customFields().get(field.name()))).orElse(false);
	}

	void clear() {
		this.contacts.clear();
		this.fieldsByName.clear();
		this.tagIds.clear();
		this.nextFieldId.set(FIRST_FIELD_ID);
		this.nextTagId.set(FIRST_TAG_ID);
	}

	private CbbContact update(String contactId, UnaryOperator<CbbContact> change) {
		return this.contacts.computeIfPresent(contactId, (key, contact) -> change.apply(contact));
	}

}

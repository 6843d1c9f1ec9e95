package dev.switchboard.simulators;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Chatbot Builder (CBB) API as seen by a test: contacts, sent content, fault rules.
 */
public final class CbbSimulator {

	private final FaultRules faults = new FaultRules();

	private final ConcurrentLinkedQueue<CbbContent> contents = new ConcurrentLinkedQueue<>();

	private final AtomicLong messageIds = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicBoolean metaStatuses = new AtomicBoolean(true);

	private volatile String metaPhoneNumberId = SimulatorOptions.DEMO_PHONE_NUMBER_ID;

	private final CbbStore store;

	CbbSimulator(CbbStore store) {
		this.store = store;
	}

	/** The fault rules applied to CBB requests (recipient = contact id or phone). */
	public FaultRules faults() {
		return this.faults;
	}

	/** CBB API requests received, faulted and refused ones included. */
	public long requestCount() {
		return this.requests.get();
	}

	void counted() {
		this.requests.incrementAndGet();
	}

	/** Contacts, oldest first. */
	public List<CbbContact> contacts() {
		return this.store.contacts();
	}

	/** The contact with this id (phone digits). */
	public Optional<CbbContact> contact(String id) {
		return this.store.contact(id);
	}

	/** Content accepted by {@code send_content}, oldest first. */
	public List<CbbContent> sentContents() {
		return List.copyOf(this.contents);
	}

	/** Custom field definitions of the account. */
	public List<CbbCustomField> customFields() {
		return this.store.fields();
	}

	/** Defines a custom field (or returns the existing one with that name). */
	public CbbCustomField defineField(String name, int type) {
		return this.store.defineField(Objects.requireNonNull(name, "name"), type, "");
	}

	/**
	 * Whether Cloud API messages sent through {@code send_content} produce Meta status
	 * webhooks (on by default).
	 */
	public CbbSimulator metaStatuses(boolean enabled) {
		this.metaStatuses.set(enabled);
		return this;
	}

	/**
	 * The business phone number CBB sends WhatsApp messages from (for those webhooks).
	 */
	public CbbSimulator metaPhoneNumberId(String phoneNumberId) {
		this.metaPhoneNumberId = Objects.requireNonNull(phoneNumberId, "phoneNumberId");
		return this;
	}

	/** Forgets contacts, fields, content and fault rules. */
	public void reset() {
		this.store.clear();
		this.contents.clear();
		this.faults.clear();
		this.metaStatuses.set(true);
	}

	String metaPhoneNumberId() {
		return this.metaPhoneNumberId;
	}

	boolean metaStatusesEnabled() {
		return this.metaStatuses.get();
	}

	String nextMessageId() {
		return "cbb-" + this.messageIds.incrementAndGet();
	}

	void record(CbbContent content) {
		this.contents.add(content);
	}

}

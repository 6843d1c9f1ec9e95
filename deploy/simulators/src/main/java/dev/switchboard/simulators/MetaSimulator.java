package dev.switchboard.simulators;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

/**
 * Meta's WhatsApp Cloud API as seen by a test: what was sent, fault rules, webhook
 * counters and ways to post webhooks by hand.
 */
public final class MetaSimulator {

	private final FaultRules faults = new FaultRules();

	private final ConcurrentLinkedQueue<SentMessage> sent = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<ReadReceipt> readReceipts = new ConcurrentLinkedQueue<>();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicBoolean autoStatuses = new AtomicBoolean(true);

	private final WebhookSender sender;

	private final MetaWebhooks webhooks;

	private final StatusScheduler statuses;

	MetaSimulator(WebhookSender sender, MetaWebhooks webhooks, StatusScheduler statuses) {
		this.sender = sender;
		this.webhooks = webhooks;
		this.statuses = statuses;
	}

	/** The fault rules applied to sends. */
	public FaultRules faults() {
		return this.faults;
	}

	/** Accepted messages, oldest first. */
	public List<SentMessage> sentMessages() {
		return List.copyOf(this.sent);
	}

	/** Accepted mark-as-read calls, oldest first. */
	public List<ReadReceipt> readReceipts() {
		return List.copyOf(this.readReceipts);
	}

	/** Send requests received, accepted or not. */
	public long requestCount() {
		return this.requests.get();
	}

	/** Automatic webhooks the receiver acknowledged with a 2xx. */
	public long webhooksDelivered() {
		return this.sender.delivered();
	}

	/** Failed attempts of automatic webhooks (each retry that failed counts). */
	public long webhookFailures() {
		return this.sender.failedAttempts();
	}

	/** Automatic webhooks given up after the last retry. */
	public long webhooksDropped() {
		return this.sender.dropped();
	}

	/**
	 * Accepted messages (Meta or CBB) whose automatic status webhooks are still on their
	 * way; 0 once every status was delivered or dropped. Handy to let a test settle.
	 */
	public int pendingStatuses() {
		return this.statuses.pending();
	}

	/** Turns the automatic sent/delivered/read webhooks on or off (on by default). */
	public MetaSimulator autoStatuses(boolean enabled) {
		this.autoStatuses.set(enabled);
		return this;
	}

	/**
	 * Posts one signed status webhook now, once, without retries (e.g. out of order or
	 * duplicated). A {@code failed} status carries error 131000.
	 * @return the HTTP status the webhook receiver answered
	 */
	public Mono<Integer> postStatus(String phoneNumberId, String wamid, String recipient, String status) {
		OutboundMessage message = new OutboundMessage(phoneNumberId, wamid, Phones.digits(recipient), null);
		return Mono.defer(() -> this.sender.postSigned(phoneNumberId,
				this.webhooks.status(this.statuses.event(message, Objects.requireNonNull(status, "status"), 131000))));
	}

	/**
	 * Posts one signed webhook of an incoming text message from a user, with the profile
	 * name in {@code contacts} (non-ASCII is escaped like Meta does).
	 * @return the HTTP status the webhook receiver answered
	 */
	public Mono<Integer> postIncomingText(String phoneNumberId, String from, String profileName, String text) {
		return Mono.defer(() -> this.sender.postSigned(phoneNumberId, this.webhooks.incomingText(phoneNumberId, from,
				profileName, text, Ids.wamid(Phones.digits(from)), Instant.now())));
	}

	/**
	 * Posts one signed webhook of an incoming message of any type.
	 * @return the wamid of the message and the HTTP status the webhook receiver answered
	 */
	Mono<PostedMessage> postIncoming(MetaWebhooks.IncomingMessage message) {
		String wamid = Ids.wamid(Phones.digits((message.from() != null) ? message.from() : message.fromUserId()));
		return Mono
			.defer(() -> this.sender.postSigned(message.phoneNumberId(),
					this.webhooks.incoming(message, wamid, Instant.now())))
			.map((status) -> new PostedMessage(wamid, status));
	}

	/**
	 * A posted incoming message.
	 *
	 * @param wamid its wamid
	 * @param webhookStatus the HTTP status the webhook receiver answered
	 */
	record PostedMessage(String wamid, int webhookStatus) {
	}

	/**
	 * Posts the bytes as they are with the given signature header (null = no header).
	 * @return the HTTP status the webhook receiver answered
	 */
	public Mono<Integer> postRaw(byte[] body, String signatureHeader) {
		return Mono.defer(() -> this.sender.postRaw(body.clone(), signatureHeader));
	}

	/** Signs bytes like Meta would for this phone number: {@code sha256=<hex>}. */
	public String signature(String phoneNumberId, byte[] body) {
		return WebhookSignature.header(this.sender.appSecret(phoneNumberId), body);
	}

	/**
	 * Forgets sent messages, read receipts, fault rules and counters; automatic statuses
	 * back on.
	 */
	public void reset() {
		this.sent.clear();
		this.readReceipts.clear();
		this.faults.clear();
		this.requests.set(0);
		this.sender.resetCounters();
		this.autoStatuses.set(true);
	}

	long countRequest() {
		return this.requests.incrementAndGet();
	}

	boolean autoStatusesEnabled() {
		return this.autoStatuses.get();
	}

	void record(SentMessage message) {
		this.sent.add(message);
	}

	void clearSentMessages() {
		this.sent.clear();
	}

	void record(ReadReceipt receipt) {
		this.readReceipts.add(receipt);
	}

	void clearReadReceipts() {
		this.readReceipts.clear();
	}

}

package dev.switchboard.simulators;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A helpdesk that takes escalations ({@code POST /helpdesk/escalations}) from workflows'
 * {@code http_call} steps, for the local stack's failed-message escalation example. Each
 * call must carry {@code Authorization: Bearer <token>} with the configured token; a call
 * with an {@code Idempotency-Key} already taken answers the same ticket again without a
 * second one.
 */
public final class HelpdeskSimulator {

	/** The token the local stack's demo tenant holds as its {@code helpdesk_token}. */
	public static final String DEMO_TOKEN = "demo-helpdesk-token";

	private final List<Escalation> escalations = new CopyOnWriteArrayList<>();

	private final AtomicInteger rejected = new AtomicInteger();

	private volatile String token = DEMO_TOKEN;

	HelpdeskSimulator() {
	}

	/** Sets the bearer token calls must carry. */
	public void expectToken(String token) {
		this.token = Objects.requireNonNull(token, "token");
	}

	/** Whether an {@code Authorization} header carries the expected token. */
	boolean authorized(String authorization) {
		return ("Bearer " + this.token).equals(authorization);
	}

	/**
	 * Records an escalation, or finds the one taken with the same idempotency key.
	 * @return the escalation and whether it is new
	 */
	synchronized Taken take(String idempotencyKey, String body) {
		if (idempotencyKey != null) {
			for (Escalation known : this.escalations) {
				if (idempotencyKey.equals(known.idempotencyKey())) {
					return new Taken(known, false);
				}
			}
		}
		Escalation escalation = new Escalation("esc-" + (this.escalations.size() + 1), idempotencyKey, body,
				Instant.now());
		this.escalations.add(escalation);
		return new Taken(escalation, true);
	}

	void rejected() {
		this.rejected.incrementAndGet();
	}

	/** Accepted escalations, oldest first. */
	public List<Escalation> escalations() {
		return List.copyOf(this.escalations);
	}

	/** Calls refused for a missing or wrong token. */
	public int rejectedCount() {
		return this.rejected.get();
	}

	/** Forgets every escalation and the count of refused calls. */
	public synchronized void clear() {
		this.escalations.clear();
		this.rejected.set(0);
	}

	/**
	 * An escalation as a call found it.
	 *
	 * @param escalation the escalation
	 * @param created whether this call created it
	 */
	record Taken(Escalation escalation, boolean created) {
	}

}

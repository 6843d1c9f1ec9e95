package dev.switchboard.messaging.inbox.sla;

import java.time.Instant;

/**
 * A conversation's response clock and idle deadline, with the rules that move them as
 * plain functions (each returns the clock after the event). A customer message starts a
 * clock when none runs (first response until an agent first replied, next response after)
 * and otherwise leaves it running; an agent reply stops it (MET, or BREACHED when it came
 * late); private notes are no event here. Due times are working time of the queue's
 * business hours; the idle deadline is calendar time from the last customer message or
 * agent reply.
 *
 * @param state the state of the latest clock, null before the first customer message
 * @param running the target of the running clock, null when none runs
 * @param firstResponseDueAt when the first response is (was) due, may be null
 * @param nextResponseDueAt when the latest next response is (was) due, may be null
 * @param atRiskAt when the running clock turns AT_RISK, null when none runs
 * @param firstRepliedAt the first agent reply, may be null
 * @param idleDueAt when the conversation is resolved for want of activity, may be null
 */
public record SlaClock(SlaState state, SlaTarget running, Instant firstResponseDueAt, Instant nextResponseDueAt,
		Instant atRiskAt, Instant firstRepliedAt, Instant idleDueAt) {

	/** No customer message yet. */
	public static final SlaClock NONE = new SlaClock(null, null, null, null, null, null, null);

	/** A customer message at {@code at}, recorded at once. */
	public SlaClock customerMessage(Instant at, SlaPolicy policy, BusinessHours hours) {
		return customerMessage(at, at, policy, hours);
	}

	/**
	 * A customer message sent at {@code at} and recorded at {@code recordedAt}: starts a
	 * clock from {@code at} (the customer waits since then) unless one runs; the idle
	 * deadline restarts from the later of both, so a message delivered late is not
	 * resolved before anyone could see it.
	 */
	public SlaClock customerMessage(Instant at, Instant recordedAt, SlaPolicy policy, BusinessHours hours) {
		Instant idle = later(this.idleDueAt, later(at, recordedAt).plus(policy.idle()));
		if (this.running != null) {
			return new SlaClock(this.state, this.running, this.firstResponseDueAt, this.nextResponseDueAt,
					this.atRiskAt, this.firstRepliedAt, idle);
		}
		SlaTarget target = (this.firstRepliedAt == null) ? SlaTarget.FIRST_RESPONSE : SlaTarget.NEXT_RESPONSE;
		Instant due = hours.plus(at, policy.target(target));
		Instant atRisk = hours.plus(at, policy.atRiskAfter(target));
		return (target == SlaTarget.FIRST_RESPONSE)
				? new SlaClock(SlaState.ON_TRACK, target, due, this.nextResponseDueAt, atRisk, null, idle)
				: new SlaClock(SlaState.ON_TRACK, target, this.firstResponseDueAt, due, atRisk, this.firstRepliedAt,
						idle);
	}

	/** A public agent reply at {@code at}: the running clock stops; idle restarts. */
	public SlaClock agentReplied(Instant at, SlaPolicy policy) {
		Instant idle = later(this.idleDueAt, at.plus(policy.idle()));
		Instant firstReplied = (this.firstRepliedAt != null) ? this.firstRepliedAt : at;
		if (this.running == null) {
			return new SlaClock(this.state, null, this.firstResponseDueAt, this.nextResponseDueAt, null, firstReplied,
					idle);
		}
		SlaState settled = (this.state == SlaState.BREACHED || !at.isBefore(dueAt())) ? SlaState.BREACHED
				: SlaState.MET;
		return new SlaClock(settled, null, this.firstResponseDueAt, this.nextResponseDueAt, null, firstReplied, idle);
	}

	/** Resolved: every clock and the idle deadline stop; the state stays as it was. */
	public SlaClock stopped() {
		return new SlaClock(this.state, null, this.firstResponseDueAt, this.nextResponseDueAt, null,
				this.firstRepliedAt, null);
	}

	/**
	 * The clock as it stands at {@code now}: a running clock past its due time is
	 * BREACHED, past its at-risk time AT_RISK (straight to BREACHED when both passed).
	 */
	public SlaClock at(Instant now) {
		if (this.running == null || this.state == SlaState.BREACHED) {
			return this;
		}
		if (!now.isBefore(dueAt())) {
			return withState(SlaState.BREACHED);
		}
		if (this.state == SlaState.ON_TRACK && this.atRiskAt != null && !now.isBefore(this.atRiskAt)) {
			return withState(SlaState.AT_RISK);
		}
		return this;
	}

	/** Whether the idle deadline passed. */
	public boolean idleAt(Instant now) {
		return this.idleDueAt != null && !now.isBefore(this.idleDueAt);
	}

	/**
	 * The next instant at which {@link #at} or {@link #idleAt} may change their answer,
	 * null when nothing is pending: what the monitor's index is read by.
	 */
	public Instant checkAt() {
		Instant next = this.idleDueAt;
		if (this.running != null && this.state != SlaState.BREACHED) {
			next = earlier(next, (this.state == SlaState.ON_TRACK) ? this.atRiskAt : null);
			next = earlier(next, dueAt());
		}
		return next;
	}

	/** The due time of the running clock, null when none runs. */
	public Instant dueAt() {
		if (this.running == null) {
			return null;
		}
		return (this.running == SlaTarget.FIRST_RESPONSE) ? this.firstResponseDueAt : this.nextResponseDueAt;
	}

	private SlaClock withState(SlaState newState) {
		return new SlaClock(newState, this.running, this.firstResponseDueAt, this.nextResponseDueAt, this.atRiskAt,
				this.firstRepliedAt, this.idleDueAt);
	}

	private static Instant later(Instant a, Instant b) {
		return (a == null || b.isAfter(a)) ? b : a;
	}

	private static Instant earlier(Instant a, Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || b.isBefore(a)) ? b : a;
	}

}

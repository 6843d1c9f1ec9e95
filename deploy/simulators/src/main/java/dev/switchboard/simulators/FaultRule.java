package dev.switchboard.simulators;

import java.time.Duration;
import java.util.Objects;

/**
 * One injected failure. A rule applies to requests matching its recipient and phone
 * number (null matches any), fires with the given probability, and at most {@code times}
 * times ({@code -1} = unlimited). Rules are tried in the order they were added.
 *
 * @param recipient recipient phone number (compared by digits) or CBB contact id, null =
 * any
 * @param phoneNumberId Meta phone_number_id, null = any (ignored by the CBB simulator)
 * @param probability chance in 0..1 that a matching request fails
 * @param times how many times the rule may fire, -1 = unlimited
 * @param kind what goes wrong
 * @param httpStatus HTTP status of the answer
 * @param metaCode Meta error code (for {@link Kind#META_ERROR} and
 * {@link Kind#FAILED_STATUS})
 * @param delay how long the simulator waits before answering
 */
public record FaultRule(String recipient, String phoneNumberId, double probability, int times, Kind kind,
		int httpStatus, int metaCode, Duration delay) {

	/** The kinds of failure the simulators can play. */
	public enum Kind {

		/** Answer with the given HTTP status and an error body. */
		HTTP_ERROR,

		/** Answer only after the delay (504), meant to exceed the client's timeout. */
		TIMEOUT,

		/** Answer with Meta's error JSON for the code, at Meta's HTTP status for it. */
		META_ERROR,

		/**
		 * Accept the send (200), then post a {@code failed} status webhook with the code.
		 */
		FAILED_STATUS,

		/** CBB only: answer {@code 200 {"success":false,"error":...}}. */
		CBB_FAILURE,

		/**
		 * Answer 200 with a body a client must not trust: half a megabyte of JSON of the
		 * wrong shape (an id that is no id, no success flag).
		 */
		HOSTILE_ANSWER,

		/**
		 * Take the request as usual (a send is recorded and its statuses follow), but
		 * answer only after the delay: a client that gives up first cannot know the
		 * message went out.
		 */
		LATE_ANSWER

	}

	public FaultRule {
		Objects.requireNonNull(kind, "kind");
		if (probability < 0 || probability > 1) {
			throw new IllegalArgumentException("probability must be within 0..1: " + probability);
		}
		if (times < -1 || times == 0) {
			throw new IllegalArgumentException("times must be positive or -1 (unlimited): " + times);
		}
		if (httpStatus < 100 || httpStatus > 599) {
			throw new IllegalArgumentException("httpStatus out of range: " + httpStatus);
		}
		delay = (delay != null) ? delay : Duration.ZERO;
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative");
		}
	}

	/** Every matching request answers with this HTTP status. */
	public static FaultRule httpError(int status) {
		return new FaultRule(null, null, 1.0, -1, Kind.HTTP_ERROR, status, 0, Duration.ZERO);
	}

	/** Every matching request answers (504) only after the delay. */
	public static FaultRule timeout(Duration delay) {
		return new FaultRule(null, null, 1.0, -1, Kind.TIMEOUT, 504, 0, delay);
	}

	/** Every matching request answers Meta's error for the code, e.g. 130429 (429). */
	public static FaultRule metaError(int code) {
		return new FaultRule(null, null, 1.0, -1, Kind.META_ERROR, MetaErrors.httpStatus(code), code, Duration.ZERO);
	}

	/**
	 * Every matching send is accepted, then fails by webhook with the code, e.g. 131047.
	 */
	public static FaultRule failedStatus(int code) {
		return new FaultRule(null, null, 1.0, -1, Kind.FAILED_STATUS, 200, code, Duration.ZERO);
	}

	/** Every matching CBB request answers {@code 200 {"success":false}}. */
	public static FaultRule cbbFailure() {
		return new FaultRule(null, null, 1.0, -1, Kind.CBB_FAILURE, 200, 0, Duration.ZERO);
	}

	/** Every matching request answers 200 with an oversized body of the wrong shape. */
	public static FaultRule hostileAnswer() {
		return new FaultRule(null, null, 1.0, -1, Kind.HOSTILE_ANSWER, 200, 0, Duration.ZERO);
	}

	/**
	 * Every matching request is taken (sends recorded, statuses sent) and answered only
	 * after the delay.
	 */
	public static FaultRule lateAnswer(Duration delay) {
		return new FaultRule(null, null, 1.0, -1, Kind.LATE_ANSWER, 200, 0, delay);
	}

	/** Restricts the rule to one recipient phone number (or CBB contact id). */
	public FaultRule forRecipient(String recipient) {
		return new FaultRule(recipient, this.phoneNumberId, this.probability, this.times, this.kind, this.httpStatus,
				this.metaCode, this.delay);
	}

	/** Restricts the rule to one business phone number. */
	public FaultRule forPhoneNumberId(String phoneNumberId) {
		return new FaultRule(this.recipient, phoneNumberId, this.probability, this.times, this.kind, this.httpStatus,
				this.metaCode, this.delay);
	}

	public FaultRule withProbability(double probability) {
		return new FaultRule(this.recipient, this.phoneNumberId, probability, this.times, this.kind, this.httpStatus,
				this.metaCode, this.delay);
	}

	/** The rule fires at most this many times, then it is gone; -1 = unlimited. */
	public FaultRule withTimes(int times) {
		return new FaultRule(this.recipient, this.phoneNumberId, this.probability, times, this.kind, this.httpStatus,
				this.metaCode, this.delay);
	}

	/** The rule fires once. */
	public FaultRule once() {
		return withTimes(1);
	}

	/** Waits this long before answering (any kind). */
	public FaultRule withDelay(Duration delay) {
		return new FaultRule(this.recipient, this.phoneNumberId, this.probability, this.times, this.kind,
				this.httpStatus, this.metaCode, delay);
	}

}

package dev.switchboard.orders.sync;

/** A CBB call that did not succeed. */
class CbbFailure extends RuntimeException {

	private final boolean transientFailure;

	CbbFailure(String message, boolean transientFailure) {
		super(message, null, false, false);
		this.transientFailure = transientFailure;
	}

	/**
	 * CBB answered 200 with {@code success:false}: a refusal, retried only by an
	 * operator.
	 */
	static CbbFailure refused(String message) {
		return new CbbFailure("CBB refused the request: " + message, false);
	}

	/** 5xx, timeout, connection trouble: worth retrying. */
	static CbbFailure unavailable(String message) {
		return new CbbFailure("CBB unavailable: " + message, true);
	}

	/** 4xx: our request is wrong or not allowed; retrying does not help. */
	static CbbFailure rejected(int status, String message) {
		return new CbbFailure("CBB answered " + status + ": " + message, false);
	}

	boolean isTransient() {
		return this.transientFailure;
	}

}

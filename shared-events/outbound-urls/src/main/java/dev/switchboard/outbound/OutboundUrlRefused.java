package dev.switchboard.outbound;

/**
 * An outbound URL the policy does not allow. The message says why, without the URL's path
 * or query (they may carry secrets): "is not https", "resolves to a loopback address
 * (127.0.0.1)", ... A refusal is final: calling again does not help until the URL or its
 * DNS changes.
 */
public final class OutboundUrlRefused extends RuntimeException {

	OutboundUrlRefused(String reason) {
		super(reason, null, false, false);
	}

	/** Why the URL is refused, e.g. {@code resolves to a private address (10.0.0.7)}. */
	public String reason() {
		return getMessage();
	}

	/**
	 * The refusal in a failure's cause chain (a connection refused by the policy's
	 * resolver arrives wrapped by the HTTP client).
	 * @param failure any failure
	 * @return the refusal, or null when the failure is something else
	 */
	public static OutboundUrlRefused in(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof OutboundUrlRefused refused) {
				return refused;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}

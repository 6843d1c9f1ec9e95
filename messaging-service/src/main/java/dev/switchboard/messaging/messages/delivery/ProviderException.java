package dev.switchboard.messaging.messages.delivery;

import java.net.ConnectException;
import java.net.UnknownHostException;

import dev.switchboard.outbound.OutboundUrlRefused;

import org.springframework.core.io.buffer.DataBufferLimitException;

/**
 * A provider call that did not return a wamid, with what is known about whether the
 * message went out.
 */
public class ProviderException extends RuntimeException {

	/** What a failed call means for the message. */
	public enum Outcome {

		/** The provider answered with an error: the message was not sent. */
		REJECTED,

		/** The request never reached the provider (e.g. connection refused). */
		NOT_SENT,

		/** The request may have reached the provider: the message may have been sent. */
		UNKNOWN

	}

	private final Outcome outcome;

	private final Integer code;

	private final String title;

	private final String details;

	public ProviderException(Outcome outcome, Integer code, String title, String details, Throwable cause) {
		super(describe(outcome, code, title), cause, false, false);
		this.outcome = outcome;
		this.code = code;
		this.title = title;
		this.details = details;
	}

	public static ProviderException rejected(Integer code, String title, String details) {
		return new ProviderException(Outcome.REJECTED, code, title, details, null);
	}

	/**
	 * A failure without an answer. Only a connection that never opened proves the message
	 * did not go out; anything later (a timeout, a dropped connection) may follow a
	 * processed request.
	 */
	public static ProviderException transportFailure(Throwable ex) {
		OutboundUrlRefused refused = OutboundUrlRefused.in(ex);
		if (refused != null) {
			return urlRefused(refused);
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataBufferLimitException) {
				// An answer came, but too large to read: the message may have gone out.
				return new ProviderException(Outcome.UNKNOWN, null, "Provider answer too large",
						"The answer exceeded the size limit and was not read", ex);
			}
			if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
				return new ProviderException(ProviderException.Outcome.NOT_SENT, null, "Provider unreachable",
						cause.getClass().getSimpleName(), ex);
			}
		}
		return new ProviderException(ProviderException.Outcome.UNKNOWN, null, "No answer from the provider",
				ex.getClass().getSimpleName(), ex);
	}

	/**
	 * The channel's URL breaks the outbound URL policy (checked before the call, or when
	 * connecting): nothing was sent, and calling again will not help until the channel is
	 * fixed.
	 */
	public static ProviderException urlRefused(OutboundUrlRefused refused) {
		return new ProviderException(Outcome.REJECTED, null, "Channel URL refused",
				"The channel's base URL " + refused.reason() + ": correct the channel's baseUrl", null);
	}

	public Outcome outcome() {
		return this.outcome;
	}

	/** The provider's error code (Meta's, e.g. 131026), null when it gave none. */
	public Integer code() {
		return this.code;
	}

	public String title() {
		return this.title;
	}

	public String details() {
		return this.details;
	}

	private static String describe(Outcome outcome, Integer code, String title) {
		return outcome + ((code != null) ? " (#" + code + ")" : "") + ((title != null) ? " " + title : "");
	}

}

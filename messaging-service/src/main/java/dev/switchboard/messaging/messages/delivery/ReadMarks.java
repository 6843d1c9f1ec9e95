package dev.switchboard.messaging.messages.delivery;

import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.Provider;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Marks customers' messages read at Meta (the blue ticks) through the Graph API client
 * and the channel's time limiter and circuit breaker that sends use: a failing Graph API
 * is one health for both. Only Meta channels: CBB offers no read receipts.
 */
@Component
public class ReadMarks {

	private final MetaGraphProvider graph;

	private final ChannelBreakers breakers;

	ReadMarks(MetaGraphProvider graph, ChannelBreakers breakers) {
		this.graph = graph;
		this.breakers = breakers;
	}

	/**
	 * Marks the message and every earlier one of the chat read; never an error signal.
	 * @return whether Meta took it, or whether trying again may help
	 */
	public Mono<Outcome> markRead(Channel channel, String wamid) {
		if (channel.provider() != Provider.META) {
			return Mono.just(new Outcome(Result.REFUSED, "Channel " + channel.channelId() + " is no Meta channel"));
		}
		return this.breakers.guard(channel, this.graph.markRead(channel, wamid))
			.thenReturn(new Outcome(Result.READ, null))
			.onErrorResume((ex) -> Mono.just(failure(ex)));
	}

	private static Outcome failure(Throwable ex) {
		if (ex instanceof ProviderException provider) {
			boolean permanent = provider.outcome() == ProviderException.Outcome.REJECTED
					&& !ErrorCatalog.isTransient(provider.code());
			return new Outcome(permanent ? Result.REFUSED : Result.RETRY, provider.getMessage());
		}
		// The breaker is open, or the time limiter gave up: Meta may be back later.
		return new Outcome(Result.RETRY,
				ChannelBreakers.isRejectedByBreaker(ex) ? "Circuit breaker open" : ex.getClass().getSimpleName());
	}

	/** What came of a mark-as-read call. */
	public enum Result {

		/** Meta answered success. */
		READ,

		/** No answer, a transient error, or the breaker held the call back. */
		RETRY,

		/** Meta refused it for good (e.g. an unknown message id). */
		REFUSED

	}

	/**
	 * The outcome of a call.
	 *
	 * @param result what came of it
	 * @param error why it failed, null when read
	 */
	public record Outcome(Result result, String error) {
	}

}

package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.messaging.channels.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Each business number's sends against its tier, tagged {@code phone_number_id} (a tenant
 * has a handful of numbers, so the tag stays bounded):
 * <ul>
 * <li>{@value #SENDS}: provider calls by {@code outcome}: {@code sent} (the provider took
 * the message), {@code rejected} (it answered with an error), {@code not_sent} (never
 * reached), {@code unknown} (no answer: it may have gone out), {@code breaker_open} (the
 * channel's breaker refused the call);</li>
 * <li>{@value #TIER_RATE}: the messages per second the number's tier allows;</li>
 * <li>{@value #TIER_WAIT}: how long sends waited for their tier slot.</li>
 * </ul>
 * A number's meters are registered on its first send, every outcome at once, so that a
 * ratio of failures reads zero rather than nothing.
 */
@Component
class SendMetrics {

	static final String SENDS = "switchboard.messaging.sends";

	static final String TIER_RATE = "switchboard.messaging.tier.rate";

	static final String TIER_WAIT = "switchboard.messaging.tier.wait";

	static final String NUMBER_TAG = "phone_number_id";

	private final MeterRegistry registry;

	private final Map<String, NumberMeters> numbers = new ConcurrentHashMap<>();

	SendMetrics(ObjectProvider<MeterRegistry> meters) {
		this.registry = meters.getIfAvailable(SimpleMeterRegistry::new);
	}

	/** A send waited this long for its tier slot. */
	void waitedForTier(Channel channel, Duration wait) {
		of(channel).tierWait.record(wait);
	}

	/** The provider took the message. */
	void sent(Channel channel) {
		of(channel).sends.get(Outcome.SENT).increment();
	}

	/** A call failed or was refused by the channel's breaker. */
	void failed(Channel channel, Throwable failure) {
		Outcome outcome = Outcome.BREAKER_OPEN;
		if (failure instanceof ProviderException provider) {
			outcome = switch (provider.outcome()) {
				case REJECTED -> Outcome.REJECTED;
				case NOT_SENT -> Outcome.NOT_SENT;
				case UNKNOWN -> Outcome.UNKNOWN;
			};
		}
		else if (!ChannelBreakers.isRejectedByBreaker(failure)) {
			outcome = Outcome.UNKNOWN;
		}
		of(channel).sends.get(outcome).increment();
	}

	private NumberMeters of(Channel channel) {
		NumberMeters meters = this.numbers.computeIfAbsent(channel.phoneNumberId(), this::register);
		// The tier may change with the tenant's configuration.
		meters.tierRate.set(channel.tierRate());
		return meters;
	}

	private NumberMeters register(String number) {
		Map<Outcome, Counter> sends = new ConcurrentHashMap<>();
		for (Outcome outcome : Outcome.values()) {
			sends.put(outcome,
					Counter.builder(SENDS)
						.description("Provider calls of a business number, by outcome")
						.tag(NUMBER_TAG, number)
						.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
						.register(this.registry));
		}
		AtomicInteger tierRate = new AtomicInteger();
		Gauge.builder(TIER_RATE, tierRate, AtomicInteger::get)
			.description("Messages per second the business number's tier allows")
			.tag(NUMBER_TAG, number)
			.register(this.registry);
		Timer tierWait = Timer.builder(TIER_WAIT)
			.description("Time a send waited for its tier slot")
			.tag(NUMBER_TAG, number)
			.register(this.registry);
		return new NumberMeters(sends, tierRate, tierWait);
	}

	private enum Outcome {

		SENT, REJECTED, NOT_SENT, UNKNOWN, BREAKER_OPEN

	}

	private record NumberMeters(Map<Outcome, Counter> sends, AtomicInteger tierRate, Timer tierWait) {
	}

}

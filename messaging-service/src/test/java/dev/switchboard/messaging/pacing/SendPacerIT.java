package dev.switchboard.messaging.pacing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.messaging.IntegrationSetup;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.Provider;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pacing script against the real Redis, on its clock, with the default pair rate (45
 * at once, then one per 6 s). Each test paces a number no other test sends from. Waits
 * are bounded by the time the test took, measured around the calls, so a slow machine
 * loosens the bounds instead of failing them.
 */
class SendPacerIT extends IntegrationSetup {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration PAIR_INTERVAL = Duration.ofSeconds(6);

	@Autowired
	private SendPacer pacer;

	@Autowired
	private SendPacingProperties properties;

	@Autowired
	private ReactiveStringRedisTemplate redis;

	@Test
	void everyTierSlotIsReservedOneIntervalAfterThePrevious() {
		Channel channel = channel(1);
		Duration interval = Duration.ofSeconds(1);
		List<Duration> waits = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < 4; i++) {
			waits.add(this.pacer.tierSlot(channel).block(TIMEOUT));
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		for (int i = 0; i < waits.size(); i++) {
			Duration reserved = interval.multipliedBy(i);
			assertThat(waits.get(i)).as("wait for slot %d", i)
				.isLessThanOrEqualTo(reserved)
				.isGreaterThanOrEqualTo(reserved.minus(took));
		}
		assertThat(ttl("tier:" + channel.phoneNumberId())).isPositive()
			.isLessThanOrEqualTo(interval.multipliedBy(waits.size()).plusSeconds(1));
	}

	@Test
	void aRecipientGetsItsBurstAtOnceThenWaitsWithoutTakingASlot() {
		Channel channel = channel(80);
		String pair = "pair:" + channel.phoneNumberId() + ":+972500070001";
		long started = System.nanoTime();
		for (int i = 0; i < 45; i++) {
			assertThat(this.pacer.pairSlot(channel, "+972500070001").block(TIMEOUT)).as("message %d", i).isZero();
		}
		String taken = value(pair);
		Duration wait = this.pacer.pairSlot(channel, "+972500070001").block(TIMEOUT);
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(wait).isLessThanOrEqualTo(PAIR_INTERVAL).isGreaterThanOrEqualTo(PAIR_INTERVAL.minus(took));
		assertThat(value(pair)).as("nothing taken by the refused message").isEqualTo(taken);
		assertThat(this.pacer.pairSlot(channel, "+972500070002").block(TIMEOUT)).as("another recipient").isZero();
	}

	@Test
	void aPausedNumberStaysPausedForThePauseOnly() {
		Channel paused = channel(80);
		assertThat(this.pacer.pause(paused).block(TIMEOUT)).isZero();

		this.pacer.pauseFor(paused, Duration.ofSeconds(64)).block(TIMEOUT);

		assertThat(this.pacer.pause(paused).block(TIMEOUT)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(64));
		assertThat(this.pacer.pause(channel(80)).block(TIMEOUT)).isZero();
	}

	/** A channel on a number of its own. */
	private static Channel channel(int tier) {
		String number = Long.toString(200_000_000_000_000L + (System.nanoTime() % 100_000_000_000L));
		return new Channel("demo", "pacing-" + number, Provider.META, number, "token", null, tier);
	}

	private Duration ttl(String key) {
		return this.redis.getExpire(this.properties.keyPrefix() + key).block(TIMEOUT);
	}

	private String value(String key) {
		return this.redis.opsForValue().get(this.properties.keyPrefix() + key).block(TIMEOUT);
	}

}

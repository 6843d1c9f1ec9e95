package dev.switchboard.events.kafka;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventConsumerSpreadTest {

	private static final int SUB_LANES = 32;

	@Test
	void keysThatDifferInTheirLastDigitsFillEverySubLane() {
		int[] perLane = new int[SUB_LANES];
		IntStream.range(0, 3_200)
			.mapToObj((n) -> "demo:4915" + (12_000_000 + n))
			.forEach((key) -> perLane[Math.floorMod(EventConsumer.spread(key.hashCode()), SUB_LANES)]++);

		// 100 a lane on average; unmixed String hashes leave most lanes empty.
		assertThat(IntStream.of(perLane).min().orElseThrow()).isGreaterThanOrEqualTo(50);
		assertThat(IntStream.of(perLane).max().orElseThrow()).isLessThanOrEqualTo(150);
	}

	@Test
	void unmixedHashesWouldCrowdIntoFewSubLanes() {
		long used = IntStream.range(0, 3_200)
			.map((n) -> Math.floorMod(("demo:4915" + (12_000_000 + n)).hashCode(), SUB_LANES))
			.distinct()
			.count();

		assertThat(used).isLessThan(SUB_LANES);
	}

}

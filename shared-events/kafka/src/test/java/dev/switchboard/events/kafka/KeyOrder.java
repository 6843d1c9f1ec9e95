package dev.switchboard.events.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A log of processed (key, sequence) pairs and the per-key order checks on it. */
final class KeyOrder {

	private final List<String> keys = new ArrayList<>();

	private final List<Integer> sequences = new ArrayList<>();

	synchronized void add(String key, int sequence) {
		this.keys.add(key);
		this.sequences.add(sequence);
	}

	synchronized int distinct() {
		Set<String> seen = new LinkedHashSet<>();
		for (int i = 0; i < this.keys.size(); i++) {
			seen.add(this.keys.get(i) + "#" + this.sequences.get(i));
		}
		return seen.size();
	}

	synchronized int size() {
		return this.keys.size();
	}

	/** Every key was processed exactly as published: 0, 1, 2, … with nothing repeated. */
	synchronized void assertExactlyInOrder(int keyCount, int perKey) {
		Map<String, List<Integer>> byKey = byKey();
		assertThat(byKey).hasSize(keyCount);
		byKey.values().forEach((seen) -> assertThat(seen).containsExactlyElementsOf(range(perKey)));
	}

	/**
	 * Every key's records were processed at least once and no record was processed for
	 * the first time before its predecessor: redeliveries after a rebalance may repeat
	 * records but never reorder or skip them.
	 */
	synchronized void assertAtLeastOnceInOrder(Map<String, Integer> expectedPerKey) {
		Map<String, List<Integer>> byKey = byKey();
		assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(expectedPerKey.keySet());
		byKey.forEach(
				(key, seen) -> assertThat(new ArrayList<>(new LinkedHashSet<>(seen))).as("first deliveries of %s", key)
					.containsExactlyElementsOf(range(expectedPerKey.get(key))));
	}

	private Map<String, List<Integer>> byKey() {
		Map<String, List<Integer>> byKey = new LinkedHashMap<>();
		for (int i = 0; i < this.keys.size(); i++) {
			byKey.computeIfAbsent(this.keys.get(i), (key) -> new ArrayList<>()).add(this.sequences.get(i));
		}
		return byKey;
	}

	private static List<Integer> range(int count) {
		return IntStream.range(0, count).boxed().toList();
	}

}

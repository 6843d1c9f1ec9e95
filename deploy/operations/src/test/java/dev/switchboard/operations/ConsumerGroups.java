package dev.switchboard.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.switchboard.events.Topic;

/**
 * The Kafka consumers a service's code builds
 * ({@code consumers.builder(Topic.X, GROUP, ...)}), read from its sources: what the
 * manifests must scale on and give dead-letter topics.
 */
final class ConsumerGroups {

	private static final Pattern BUILDER = Pattern
		.compile("\\.builder\\(\\s*Topic\\.([A-Z_]+)\\s*,\\s*(?:(\\w+)\\.)?([A-Z_]+)\\s*,");

	private static final Pattern CONSTANT = Pattern.compile("static final String ([A-Z_]+) = \"([^\"]+)\";");

	private ConsumerGroups() {
	}

	/**
	 * A consumer: the topic it reads and its group.
	 *
	 * @param topic the catalog topic
	 * @param group the consumer group
	 */
	record Consumer(Topic topic, String group) implements Comparable<Consumer> {

		String deadLetterTopic() {
			return this.topic.dlq(this.group);
		}

		@Override
		public int compareTo(Consumer other) {
			return (this.topic.topicName() + " " + this.group).compareTo(other.topic.topicName() + " " + other.group);
		}

	}

	/** The consumers of one service module. */
	static Set<Consumer> of(String module) {
		Map<String, String> sources = sources(module);
		Map<String, String> constants = new HashMap<>();
		sources.forEach((className, source) -> {
			Matcher constant = CONSTANT.matcher(source);
			while (constant.find()) {
				constants.put(className + "." + constant.group(1), constant.group(2));
			}
		});
		Set<Consumer> consumers = new TreeSet<>();
		sources.forEach((className, source) -> {
			Matcher builder = BUILDER.matcher(source);
			while (builder.find()) {
				String owner = (builder.group(2) != null) ? builder.group(2) : className;
				String group = constants.get(owner + "." + builder.group(3));
				if (group == null) {
					throw new IllegalStateException(
							"Consumer group " + builder.group(3) + " of " + className + " not found in " + owner);
				}
				consumers.add(new Consumer(Topic.valueOf(builder.group(1)), group));
			}
		});
		return consumers;
	}

	/** Every consumer of every service module. */
	static Set<Consumer> all() {
		Set<Consumer> all = new TreeSet<>();
		ServiceModule.NAMES.forEach((module) -> all.addAll(of(module)));
		return all;
	}

	private static Map<String, String> sources(String module) {
		Map<String, String> sources = new HashMap<>();
		try (Stream<Path> files = Files.walk(Repository.file(module + "/src/main/java"))) {
			List<Path> java = files.filter((file) -> file.toString().endsWith(".java")).toList();
			for (Path file : java) {
				String name = file.getFileName().toString();
				sources.put(name.substring(0, name.length() - ".java".length()), Files.readString(file));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return sources;
	}

}

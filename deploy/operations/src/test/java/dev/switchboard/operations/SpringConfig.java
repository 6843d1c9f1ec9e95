package dev.switchboard.operations;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's Spring configuration resolves to in one environment: its
 * {@code application.yml}, the profile files the environment activates
 * ({@code SPRING_PROFILES_ACTIVE}), and the environment variables over both, with
 * Spring's relaxed names ({@code SWITCHBOARD_KAFKA_BOOTSTRAPSERVERS} is
 * {@code switchboard.kafka.bootstrap-servers}) and placeholders resolved.
 */
final class SpringConfig {

	private static final Pattern INNERMOST_PLACEHOLDER = Pattern.compile("\\$\\{([^${}]+)}");

	private static final Pattern LIST_INDEX = Pattern.compile("^(.*?)\\.\\d+(\\..*)?$");

	private final Map<String, String> environment;

	/** Canonical property name to its raw (unresolved) value, environment over files. */
	private final Map<String, String> properties;

	private SpringConfig(Map<String, String> environment, Map<String, String> properties) {
		this.environment = environment;
		this.properties = properties;
	}

	/**
	 * @param module the service's module folder
	 * @param environment its environment variables
	 */
	static SpringConfig of(String module, Map<String, String> environment) {
		List<String> profiles = Arrays.stream(environment.getOrDefault("SPRING_PROFILES_ACTIVE", "").split(","))
			.map(String::trim)
			.filter((profile) -> !profile.isEmpty())
			.toList();
		Map<String, String> files = new LinkedHashMap<>();
		String resources = module + "/src/main/resources/";
		addFile(files, resources + "application.yml", profiles);
		for (String profile : profiles) {
			if (Files.isRegularFile(Repository.file(resources + "application-" + profile + ".yml"))) {
				addFile(files, resources + "application-" + profile + ".yml", profiles);
			}
		}
		Map<String, String> merged = new LinkedHashMap<>(files);
		environment.forEach((name, value) -> {
			String key = canonical(name.replace('_', '.'));
			// An indexed list from the environment replaces the files' whole list.
			Matcher list = LIST_INDEX.matcher(key);
			if (list.matches()) {
				String prefix = list.group(1) + ".";
				merged.keySet()
					.removeIf((existing) -> existing.startsWith(prefix)
							&& Character.isDigit(existing.charAt(prefix.length())));
			}
			merged.put(key, value);
		});
		return new SpringConfig(Map.copyOf(environment), merged);
	}

	/** The resolved value of a property, failing when it is unset or unresolvable. */
	String value(String property) {
		return find(property)
			.orElseThrow(() -> new IllegalStateException(property + " is not set: " + unresolved(property)));
	}

	/** The resolved value of a property, empty when unset or unresolvable. */
	Optional<String> find(String property) {
		String raw = this.properties.get(canonical(property));
		return (raw != null) ? resolve(raw, 0) : Optional.empty();
	}

	/** Every property whose value has a placeholder that nothing provides. */
	List<String> unresolvable() {
		List<String> missing = new ArrayList<>();
		this.properties.forEach((key, raw) -> {
			if (resolve(raw, 0).isEmpty()) {
				missing.add(key + " = " + raw);
			}
		});
		return missing;
	}

	/**
	 * Properties that {@code application.yml} leaves empty unless the environment sets
	 * them ({@code ${SOME_SECRET:}}: keys and secrets with no default outside the local
	 * profile) and that still resolve to nothing.
	 */
	List<String> emptySecrets(String module) {
		List<String> empty = new ArrayList<>();
		Map<String, String> files = new LinkedHashMap<>();
		addFile(files, module + "/src/main/resources/application.yml", List.of());
		files.forEach((key, raw) -> {
			if (raw.matches("\\$\\{[A-Z_]+:}") && find(key).map(String::isEmpty).orElse(true)) {
				empty.add(key + " (" + raw + ")");
			}
		});
		return empty;
	}

	/** Every property with its resolved value (unresolvable ones left out). */
	Map<String, String> resolved() {
		Map<String, String> values = new LinkedHashMap<>();
		this.properties.forEach((key, raw) -> resolve(raw, 0).ifPresent((value) -> values.put(key, value)));
		return values;
	}

	private String unresolved(String property) {
		return this.properties.getOrDefault(canonical(property), "(no value)");
	}

	private Optional<String> resolve(String value, int depth) {
		if (depth > 10) {
			return Optional.empty();
		}
		Matcher placeholder = INNERMOST_PLACEHOLDER.matcher(value);
		if (!placeholder.find()) {
			return Optional.of(value);
		}
		String expression = placeholder.group(1);
		int separator = expression.indexOf(':');
		String name = (separator < 0) ? expression : expression.substring(0, separator);
		Optional<String> found = Optional.ofNullable(this.environment.get(name));
		if (found.isEmpty() && this.properties.containsKey(canonical(name))) {
			found = resolve(this.properties.get(canonical(name)), depth + 1);
		}
		if (found.isEmpty() && separator >= 0) {
			found = Optional.of(expression.substring(separator + 1));
		}
		if (found.isEmpty()) {
			return Optional.empty();
		}
		String replaced = value.substring(0, placeholder.start()) + found.get() + value.substring(placeholder.end());
		return resolve(replaced, depth + 1);
	}

	/** Spring's relaxed form: lower case, no dashes, list indexes as segments. */
	static String canonical(String name) {
		return name.toLowerCase(Locale.ROOT).replace("-", "").replace("[", ".").replace("]", "");
	}

	private static void addFile(Map<String, String> into, String path, List<String> profiles) {
		for (Map<String, Object> document : Repository.yamlDocuments(path)) {
			Map<String, String> flat = new LinkedHashMap<>();
			flatten("", document, flat);
			String onProfile = flat.get("spring.config.activate.onprofile");
			if (onProfile == null || activates(onProfile, profiles)) {
				into.putAll(flat);
			}
		}
	}

	private static boolean activates(String expression, List<String> profiles) {
		String profile = expression.trim();
		return profile.startsWith("!") ? !profiles.contains(profile.substring(1)) : profiles.contains(profile);
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Object value, Map<String, String> into) {
		if (value instanceof Map<?, ?> map) {
			((Map<String, Object>) map).forEach((key, child) -> flatten(join(prefix, canonical(key)), child, into));
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				flatten(join(prefix, String.valueOf(i)), list.get(i), into);
			}
		}
		else if (value != null) {
			into.put(prefix, String.valueOf(value));
		}
	}

	private static String join(String prefix, String key) {
		return prefix.isEmpty() ? key : prefix + "." + key;
	}

}

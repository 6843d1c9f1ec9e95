package dev.switchboard.messaging.inbox.agents;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;

/**
 * Reads the fields of an agent or queue body, collecting every invalid one into one
 * {@code VALIDATION_FAILED}.
 */
final class Bodies {

	private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[0-9]{1,32}");

	private final Map<String, Object> body;

	private final List<FieldProblem> problems = new ArrayList<>();

	Bodies(Map<String, Object> body, Set<String> known) {
		if (body == null) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("body", "must be a JSON object")));
		}
		this.body = body;
		for (String field : body.keySet()) {
			if (!known.contains(field)) {
				this.problems.add(new FieldProblem(field, "is not a field of this resource"));
			}
		}
	}

	boolean has(String field) {
		return this.body.get(field) != null;
	}

	String text(String field, int max, boolean required) {
		Object value = this.body.get(field);
		if (value == null) {
			if (required) {
				this.problems.add(new FieldProblem(field, "is required"));
			}
			return null;
		}
		if (!(value instanceof String text) || text.isBlank() || text.length() > max) {
			this.problems.add(new FieldProblem(field, "must be a text of 1 to " + max + " characters"));
			return null;
		}
		return text.strip();
	}

	<E extends Enum<E>> E oneOf(String field, Class<E> type, boolean required) {
		Object value = this.body.get(field);
		if (value == null) {
			if (required) {
				this.problems.add(new FieldProblem(field, "is required"));
			}
			return null;
		}
		try {
			return Enum.valueOf(type, (String) value);
		}
		catch (IllegalArgumentException | ClassCastException ex) {
			this.problems.add(new FieldProblem(field, "must be one of " + Arrays.toString(type.getEnumConstants())));
			return null;
		}
	}

	Integer integer(String field, int min, int max) {
		Object value = this.body.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Integer number) || number < min || number > max) {
			this.problems.add(new FieldProblem(field, "must be a whole number from " + min + " to " + max));
			return null;
		}
		return number;
	}

	Boolean bool(String field) {
		Object value = this.body.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Boolean flag)) {
			this.problems.add(new FieldProblem(field, "must be true or false"));
			return null;
		}
		return flag;
	}

	List<UUID> ids(String field, int max) {
		Object value = this.body.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?> list) || list.size() > max) {
			this.problems.add(new FieldProblem(field, "must be a list of at most " + max + " ids"));
			return null;
		}
		List<UUID> ids = new ArrayList<>();
		for (Object item : list) {
			UUID id = (item instanceof String text) ? Agents.parseId(text) : null;
			if (id == null) {
				this.problems.add(new FieldProblem(field, "must hold ids of this tenant"));
				return null;
			}
			ids.add(id);
		}
		return ids.stream().distinct().toList();
	}

	/**
	 * Meta phone_number_ids (digits), without repeats; {@code null} when absent.
	 */
	List<String> phoneNumberIds(String field, int max) {
		Object value = this.body.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?> list) || list.size() > max || !list.stream()
			.allMatch((item) -> item instanceof String text && PHONE_NUMBER_ID.matcher(text).matches())) {
			this.problems.add(new FieldProblem(field,
					"must be a list of at most " + max + " phone number ids (Meta's phone_number_id, digits)"));
			return null;
		}
		return list.stream().map(String.class::cast).distinct().toList();
	}

	/** A JSON object stored as given (business hours, SLA policy). */
	@SuppressWarnings("unchecked")
	Map<String, Object> object(String field) {
		Object value = this.body.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> map)) {
			this.problems.add(new FieldProblem(field, "must be a JSON object"));
			return null;
		}
		return (Map<String, Object>) map;
	}

	/** Throws the collected problems, if any. */
	void validate() {
		if (!this.problems.isEmpty()) {
			throw ApiProblem.validationFailed(this.problems);
		}
	}

}

package dev.switchboard.simulators;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A contact as the CBB simulator holds it.
 *
 * @param id contact id: the phone digits, as CBB uses for WhatsApp contacts
 * @param phone phone number as given at creation
 * @param email e-mail, empty when none
 * @param firstName first name, empty when none
 * @param lastName last name, empty when none
 * @param gender gender, empty when none
 * @param tags tag names
 * @param customFields custom field values by field name
 * @param created when the contact was created
 */
public record CbbContact(String id, String phone, String email, String firstName, String lastName, String gender,
		List<String> tags, Map<String, String> customFields, Instant created) {

	public CbbContact {
		tags = List.copyOf(tags);
		customFields = Map.copyOf(customFields);
	}

	CbbContact withField(String name, String value) {
		Map<String, String> fields = new LinkedHashMap<>(this.customFields);
		fields.put(name, value);
		return new CbbContact(this.id, this.phone, this.email, this.firstName, this.lastName, this.gender, this.tags,
				fields, this.created);
	}

	CbbContact withTag(String tag) {
		if (this.tags.contains(tag)) {
			return this;
		}
		return new CbbContact(this.id, this.phone, this.email, this.firstName, this.lastName, this.gender,
				Stream.concat(this.tags.stream(), Stream.of(tag)).toList(), this.customFields, this.created);
	}

}

package dev.switchboard.workflows.definitions;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A workflow as the API shows it: its current version and state.
 *
 * @param id the workflow's id
 * @param tenantId the owning tenant (never shown)
 * @param name the current version's name
 * @param version the current version, 1 for the first
 * @param enabled whether triggers start runs
 * @param trigger the current version's trigger type
 * @param definition the current version's document
 * @param createdAt when the workflow was created
 * @param updatedAt when its version or state last changed
 */
public record Workflow(UUID id, @JsonIgnore String tenantId, String name, int version, boolean enabled, String trigger,
		Map<String, Object> definition, Instant createdAt, Instant updatedAt) {

	/**
	 * A page of workflows.
	 *
	 * @param items the workflows, newest first
	 */
	record Page(java.util.List<Workflow> items) {
	}

}

package dev.switchboard.workflows.triggers;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How events start runs ({@code switchboard.workflows.event-triggers.*}).
 *
 * @param enabled whether this instance consumes the trigger topics at all
 * @param eventsInFlightPerPartition events of one partition matched and started at once
 * (events with the same key, e.g. one customer's messages, still one after the other):
 * starting a run waits for its commit, so one at a time per partition caps a topic at a
 * few hundred runs a second
 */
@Validated
@ConfigurationProperties("switchboard.workflows.event-triggers")
record EventTriggerProperties(Boolean enabled, @Min(1) @Max(256) int eventsInFlightPerPartition) {

	EventTriggerProperties {
		enabled = (enabled != null) ? enabled : Boolean.TRUE;
		eventsInFlightPerPartition = (eventsInFlightPerPartition > 0) ? eventsInFlightPerPartition : 16;
	}

}

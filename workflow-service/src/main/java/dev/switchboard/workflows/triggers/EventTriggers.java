package dev.switchboard.workflows.triggers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.workflows.definitions.TriggerSpec;
import dev.switchboard.workflows.definitions.Workflows;
import dev.switchboard.workflows.runs.RunStarter;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

import org.springframework.stereotype.Component;

/**
 * Starts the runs an event triggers: one per enabled workflow of the event's tenant whose
 * trigger is of the type and accepts the event. The run id is derived from the workflow
 * and the event id, so an event delivered again (a redelivery, a replay) starts no second
 * run and its steps send nothing twice; no inbox row is needed.
 */
@Component
class EventTriggers {

	private final Workflows workflows;

	private final RunStarter starter;

	EventTriggers(Workflows workflows, RunStarter starter) {
		this.workflows = workflows;
		this.starter = starter;
	}

	/**
	 * @param triggerType the trigger type the event can fire
	 * @param event the event
	 * @param accepts whether a workflow's trigger accepts the event (its filter)
	 * @param extra values the run's trigger data gets beside the event's payload
	 */
	Mono<Void> fire(String triggerType, EventEnvelope<?> event, Predicate<TriggerSpec> accepts,
			Map<String, Object> extra) {
		if (event.tenantId() == null) {
			return Mono.empty();
		}
		return this.workflows.enabledFor(event.tenantId(), triggerType)
			.filter((workflow) -> accepts.test(workflow.definition().trigger()))
			.concatMap((workflow) -> this.starter.start(workflow,
					RunStarter.runId(workflow.workflowId(), "event:" + event.id()), triggerType, Map.of(),
					triggerData(event, extra)))
			.then();
	}

	private static Map<String, Object> triggerData(EventEnvelope<?> event, Map<String, Object> extra) {
		Map<String, Object> data = new LinkedHashMap<>(
				EventJson.mapper().convertValue(event.data(), new TypeReference<Map<String, Object>>() {
				}));
		data.putAll(extra);
		data.put("eventId", event.id());
		data.put("eventType", event.type().type());
		return data;
	}

}

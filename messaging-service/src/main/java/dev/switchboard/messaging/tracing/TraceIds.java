package dev.switchboard.messaging.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import reactor.util.context.ContextView;

/**
 * The trace id of an observation: what is stored beside a message and its statuses so
 * that the API leads to their traces.
 */
public final class TraceIds {

	private TraceIds() {
	}

	/**
	 * The trace id of the observation current in a Reactor context (an HTTP request's, a
	 * consumed record's); null when there is none or tracing is off.
	 */
	public static String current(ContextView context) {
		return of(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
	}

	/** The trace id of a started observation; null without one or without tracing. */
	public static String of(Observation observation) {
		if (observation == null || observation.isNoop()) {
			return null;
		}
		TracingObservationHandler.TracingContext tracing = observation.getContextView()
			.get(TracingObservationHandler.TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		return (span != null) ? span.context().traceId() : null;
	}

}

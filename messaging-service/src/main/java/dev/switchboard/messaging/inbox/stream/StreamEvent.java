package dev.switchboard.messaging.inbox.stream;

/** What a stream sends: changes, and the signals around them. */
sealed interface StreamEvent {

	/** The stream is registered: every change from now on reaches it. */
	record Ready() implements StreamEvent {
	}

	/** A conversation changed. */
	record Change(StreamedChange change) implements StreamEvent {
	}

	/**
	 * The missed changes cannot be replayed (the id is unknown, older than the retention,
	 * or too many were missed): the client reloads its lists; the stream goes on live.
	 */
	record Reset(String reason) implements StreamEvent {
	}

	/** The stream ends: the client fell too far behind. */
	record Dropped(String reason) implements StreamEvent {
	}

}

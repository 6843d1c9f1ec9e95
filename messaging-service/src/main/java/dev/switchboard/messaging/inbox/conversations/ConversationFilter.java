package dev.switchboard.messaging.inbox.conversations;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.QueryParameters;
import dev.switchboard.messaging.inbox.sla.SlaState;

/**
 * The list's filters, read strictly: a parameter that cannot be used is a 400, never
 * ignored.
 *
 * @param statuses statuses to include, empty for all
 * @param assignee an agent id, or null
 * @param unassigned only conversations nobody owns
 * @param tag a tag every result carries, or null
 * @param queueId the queue the conversations are in, or null
 * @param priority a priority, or null
 * @param unread true: only with unread messages, false: only without, null: both
 * @param q a fragment of the contact's name or number or of a message text, or null
 * @param slaStates SLA states to include, empty for all
 * @param after the last conversation of the previous page, or null
 * @param limit page size
 */
record ConversationFilter(List<ConversationStatus> statuses, String assignee, boolean unassigned, String tag,
		UUID queueId, Priority priority, Boolean unread, String q, List<SlaState> slaStates, Cursor after, int limit) {

	/**
	 * Keyset position: the last conversation of a page.
	 *
	 * @param lastActivityAt its last activity
	 * @param id its id
	 */
	record Cursor(Instant lastActivityAt, UUID id) {

		String encode() {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((this.lastActivityAt + "|" + this.id).getBytes());
		}

		static Cursor decode(String cursor) {
			if (QueryParameters.absent(cursor)) {
				return null;
			}
			try {
				String[] parts = new String(Base64.getUrlDecoder().decode(cursor)).split("\\|");
				return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
			}
			catch (RuntimeException ex) {
				throw ApiProblem.invalidParameter("cursor",
						"'cursor' is not a cursor of this list: pass the nextCursor of the previous page");
			}
		}

	}

}

package dev.switchboard.messaging.inbox.stats;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The inbox's figures of a period.
 *
 * @param from start of the period (inclusive)
 * @param to end of the period (exclusive)
 * @param queueId the queue the figures are limited to, null for all
 * @param totals the tenant's figures, null for an agent (it sees its own only)
 * @param queues per queue (a null id: conversations in no queue), empty for an agent
 * @param agents per agent (or integration key) that replied or resolved
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ConversationStatsView(Instant from, Instant to, UUID queueId, Figures totals, List<QueueFigures> queues,
		List<AgentFigures> agents) {

	/**
	 * @param opened conversations started in the period (a reopen is not counted again)
	 * @param resolved resolve actions in the period
	 * @param messagesIn customer messages received
	 * @param messagesOut agent replies sent (notes are not messages)
	 * @param firstResponse a conversation's first reply after it was opened, for first
	 * replies in the period
	 * @param replyTime each reply after the customer's oldest unanswered message (one
	 * sample per waiting spell)
	 * @param slaHitRate share of the period's first replies sent by their first-response
	 * due time; null without any
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Figures(long opened, long resolved, long messagesIn, long messagesOut, Durations firstResponse,
			Durations replyTime, Double slaHitRate) {
	}

	/**
	 * @param samples how many durations were measured
	 * @param p50Seconds median in seconds, null without samples
	 * @param p90Seconds 90th percentile in seconds, null without samples
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Durations(long samples, Double p50Seconds, Double p90Seconds) {
	}

	/**
	 * @param queueId the queue (its current one), null for the general backlog
	 * @param figures its figures
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record QueueFigures(UUID queueId, Figures figures) {
	}

	/**
	 * @param agentId the agent, or the integration key, that acted
	 * @param figures replies, reply times and resolves of it (opened and messagesIn are
	 * 0: they belong to no agent)
	 */
	record AgentFigures(String agentId, Figures figures) {
	}

}

package dev.switchboard.messaging.inbox.receipts;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.events.Uuids;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.ChannelDirectory;
import dev.switchboard.messaging.channels.Provider;
import dev.switchboard.messaging.inbox.agents.InboxCaller;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Records that the latest customer message of a conversation is to be marked read at
 * Meta, in the transaction of the read, when the assignee itself read it (a supervisor
 * looking in, or an integration, leaves the customer's ticks grey) on a Meta channel. The
 * {@link ReadReceiptSender} sends it later: the read never waits on Meta. CBB channels
 * are skipped: CBB's API has no read receipt, and a CBB channel's token is no Graph API
 * token.
 */
@Component
public class ReadReceipts {

	private final DatabaseClient database;

	private final ChannelDirectory channels;

	private final ReadReceiptProperties properties;

	ReadReceipts(DatabaseClient database, ChannelDirectory channels, ReadReceiptProperties properties) {
		this.database = database;
		this.channels = channels;
		this.properties = properties;
	}

	/**
	 * Within the read's transaction: the receipt of the conversation's latest customer
	 * message, when one is wanted. A message already marked (or recorded longer ago than
	 * the retention) is not marked again; pending receipts of older messages of the
	 * conversation are superseded (marking the latest marks them too).
	 * @param caller who read
	 * @param tenantId the conversation's tenant
	 * @param conversationId the conversation
	 * @param channelId the conversation's channel (null: none)
	 * @param assigneeId the agent the conversation is assigned to (null: nobody)
	 * @param at when it was read
	 */
	public Mono<Void> read(InboxCaller caller, String tenantId, UUID conversationId, String channelId,
			String assigneeId, Instant at) {
		if (!this.properties.enabled() || channelId == null) {
			return Mono.empty();
		}
		Channel channel = this.channels.find(tenantId, channelId).orElse(null);
		if (!wanted(caller, assigneeId, channel)) {
			return Mono.empty();
		}
		return this.database.sql("""
				WITH latest AS (
				  SELECT wamid, created_at FROM conversation_entries
				  WHERE conversation_id = :conversationId AND kind = 'INBOUND' AND wamid IS NOT NULL
				  ORDER BY seq DESC LIMIT 1),
				superseded AS (
				  UPDATE read_receipts SET state = 'SUPERSEDED'
				  WHERE conversation_id = :conversationId AND state = 'PENDING' AND wamid <> (SELECT wamid FROM latest))
				INSERT INTO read_receipts (id, tenant_id, conversation_id, channel_id, wamid, agent_id, read_at,
				  next_attempt_at)
				SELECT :id, :tenantId, :conversationId, :channelId, wamid, :agentId, :at, :at FROM latest
				WHERE created_at > :recordedAfter
				ON CONFLICT (conversation_id, wamid) DO NOTHING""")
			.bind("conversationId", conversationId)
			.bind("id", Uuids.random())
			.bind("tenantId", tenantId)
			.bind("channelId", channelId)
			.bind("agentId", assigneeId)
			.bind("at", at)
			.bind("recordedAfter", at.minus(this.properties.retention()))
			.then();
	}

	/**
	 * Whether a read makes a receipt: read by the agent the conversation is assigned to
	 * (through a key bound to it, whatever its role), on a Meta channel.
	 */
	static boolean wanted(InboxCaller caller, String assigneeId, Channel channel) {
		return caller != null && !caller.integration() && assigneeId != null
				&& assigneeId.equals(caller.agentId().toString()) && channel != null
				&& channel.provider() == Provider.META;
	}

}

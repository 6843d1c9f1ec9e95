package dev.switchboard.orders.operations;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.switchboard.orders.query.OrderFilter;

/**
 * A batch operation over the orders matching a filter, processed in bounded chunks.
 *
 * @param id job id
 * @param tenantId owning tenant
 * @param operation what is done to each order
 * @param filter which orders (as when the job was created)
 * @param status {@code running} or {@code completed}
 * @param total orders matching when the job was created
 * @param processed orders looked at so far
 * @param affected orders the operation was applied to (others were skipped)
 * @param cursorAt receipt time of the last processed order
 * @param cursorId id of the last processed order
 * @param createdAt when the job was created
 * @param updatedAt last progress
 */
record BatchJob(UUID id, @JsonIgnore String tenantId, BatchOperation operation, OrderFilter filter, String status,
		int total, int processed, int affected, @JsonIgnore Instant cursorAt, @JsonIgnore UUID cursorId,
		Instant createdAt, Instant updatedAt) {
}

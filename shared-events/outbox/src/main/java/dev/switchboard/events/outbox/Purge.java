package dev.switchboard.events.outbox;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Rows of a table that {@link Housekeeping} deletes once they are older than a retention.
 * The column should be indexed (a BRIN index suits append-only tables).
 *
 * @param table the table, a lower-case SQL name (optionally schema-qualified)
 * @param timeColumn the {@code timestamptz} column a row's age is measured by
 * @param retention how long rows are kept
 */
public record Purge(String table, String timeColumn, Duration retention) {

	private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*");

	public Purge {
		Outbox.checkTable(table);
		if (timeColumn == null || !COLUMN.matcher(timeColumn).matches()) {
			throw new IllegalArgumentException("Not a lower-case SQL column name: " + timeColumn);
		}
		Objects.requireNonNull(retention, "retention");
		if (retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("retention must be positive: " + retention);
		}
	}

	/**
	 * The consumer inbox ({@link Inbox#DEFAULT_TABLE}) by the time each event was
	 * processed. Keep ids longer than the retention of every topic consumed with the
	 * inbox, so that a replay from the earliest offset still finds them.
	 */
	public static Purge inbox(Duration retention) {
		return new Purge(Inbox.DEFAULT_TABLE, "processed_at", retention);
	}

}

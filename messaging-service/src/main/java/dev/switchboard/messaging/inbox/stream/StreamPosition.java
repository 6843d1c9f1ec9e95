package dev.switchboard.messaging.inbox.stream;

/**
 * A change's place in the change log, and the SSE event id: the writing transaction's id,
 * then the row's position. Readers only take rows of transactions older than every
 * running one, so positions reach every reader in this order.
 *
 * @param txId the id of the transaction that wrote the change
 * @param position the change's row position
 */
record StreamPosition(long txId, long position) implements Comparable<StreamPosition> {

	/** The SSE event id of the position, e.g. {@code 8812-40211}. */
	String id() {
		return this.txId + "-" + this.position;
	}

	/** The position of an event id, or null when it is not one. */
	static StreamPosition parse(String id) {
		if (id == null) {
			return null;
		}
		int dash = id.indexOf('-');
		if (dash <= 0 || dash == id.length() - 1 || id.length() > 41) {
			return null;
		}
		try {
			long tx = Long.parseLong(id.substring(0, dash));
			long position = Long.parseLong(id.substring(dash + 1));
			return (tx >= 0 && position >= 0) ? new StreamPosition(tx, position) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	@Override
	public int compareTo(StreamPosition other) {
		int byTx = Long.compare(this.txId, other.txId);
		return (byTx != 0) ? byTx : Long.compare(this.position, other.position);
	}

}

package dev.switchboard.messaging.messages.status.fold;

import java.util.Objects;

/**
 * What Meta reported about a message's cost: the pricing and conversation objects of its
 * statuses.
 *
 * @param category pricing category (marketing, utility, authentication, service...)
 * @param model pricing model (PMP, formerly CBP)
 * @param type pricing type (regular, free_customer_service, free_entry_point)
 * @param billable whether Meta bills it
 * @param conversationId conversation id, may be null
 * @param conversationOrigin conversation origin type, may be null
 */
public record Pricing(String category, String model, String type, Boolean billable, String conversationId,
		String conversationOrigin) {

	/** Nothing known. */
	public static final Pricing NONE = new Pricing(null, null, null, null, null, null);

	/**
	 * Field by field, what is known wins over what is not; the same whatever the order of
	 * reports (Meta repeats the same pricing on sent and one of delivered/read).
	 */
	public Pricing merge(Pricing other) {
		if (other == null) {
			return this;
		}
		return new Pricing(pick(this.category, other.category), pick(this.model, other.model),
				pick(this.type, other.type), pick(this.billable, other.billable),
				pick(this.conversationId, other.conversationId),
				pick(this.conversationOrigin, other.conversationOrigin));
	}

	public boolean isEmpty() {
		return equals(NONE);
	}

	private static <T extends Comparable<T>> T pick(T mine, T theirs) {
		if (mine == null) {
			return theirs;
		}
		if (theirs == null) {
			return mine;
		}
		// Two different reports: the smaller value, so that order does not matter.
		return (mine.compareTo(theirs) <= 0) ? mine : theirs;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Pricing pricing && Objects.equals(this.category, pricing.category)
				&& Objects.equals(this.model, pricing.model) && Objects.equals(this.type, pricing.type)
				&& Objects.equals(this.billable, pricing.billable)
				&& Objects.equals(this.conversationId, pricing.conversationId)
				&& Objects.equals(this.conversationOrigin, pricing.conversationOrigin);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.category, this.model, this.type, this.billable, this.conversationId,
				this.conversationOrigin);
	}

}

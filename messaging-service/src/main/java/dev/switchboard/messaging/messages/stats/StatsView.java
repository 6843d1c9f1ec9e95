package dev.switchboard.messaging.messages.stats;

import java.time.Instant;
import java.util.List;

/**
 * Delivery statistics of a tenant's messages accepted in a period.
 *
 * @param from start of the period (inclusive)
 * @param to end of the period (exclusive)
 * @param interval bucket size of the series: minute, hour or day
 * @param totals counts over the period
 * @param rates delivered, read and failed as a share of the messages sent or failed
 * @param topErrors the most frequent failure codes
 * @param costByCategory messages and billable messages per pricing category
 * @param series counts per bucket
 */
record StatsView(Instant from, Instant to, String interval, Counts totals, Rates rates, List<ErrorCount> topErrors,
		List<CategoryCost> costByCategory, List<Bucket> series) {

	/**
	 * Message counts; a message counts for every status it reached.
	 *
	 * @param accepted messages accepted
	 * @param sent reached sent (or beyond)
	 * @param delivered reached delivered (or read/played)
	 * @param read reached read (or played)
	 * @param failed failed
	 */
	record Counts(long accepted, long sent, long delivered, long read, long failed) {
	}

	/**
	 * Shares, 0..1.
	 *
	 * @param delivery delivered / (sent + failed)
	 * @param read read / delivered
	 * @param failure failed / accepted
	 */
	record Rates(double delivery, double read, double failure) {

		static Rates of(Counts counts) {
			long attempted = counts.sent() + counts.failed();
			return new Rates(share(counts.delivered(), attempted), share(counts.read(), counts.delivered()),
					share(counts.failed(), counts.accepted()));
		}

		private static double share(long part, long whole) {
			return (whole == 0) ? 0 : Math.round(10_000.0 * part / whole) / 10_000.0;
		}

	}

	/**
	 * A failure code and how often it occurred.
	 *
	 * @param code provider error code, null for platform failures
	 * @param title its title
	 * @param count failed messages with it
	 */
	record ErrorCount(Integer code, String title, long count) {
	}

	/**
	 * Messages per pricing category (Meta bills per message and category).
	 *
	 * @param category pricing category, "unknown" when Meta reported none
	 * @param messages messages in it
	 * @param billable of which billable
	 */
	record CategoryCost(String category, long messages, long billable) {
	}

	/**
	 * One bucket of the series.
	 *
	 * @param start bucket start
	 * @param counts counts of messages accepted in it
	 */
	record Bucket(Instant start, Counts counts) {
	}

}

package dev.switchboard.orders.query;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Order counts and amounts of a tenant, by status, by branch and by day (UTC). Amounts
 * are summed per currency: different currencies are never added up.
 *
 * @param total number of orders
 * @param byStatus per status
 * @param byBranch per branch
 * @param byDay per day of receipt, newest first
 */
public record OrderStats(long total, List<Group> byStatus, List<Group> byBranch, List<Group> byDay) {

	/**
	 * One group.
	 *
	 * @param key the status, branch or day
	 * @param count orders in the group
	 * @param amounts sum of amounts by currency
	 */
	public record Group(String key, long count, Map<String, BigDecimal> amounts) {
	}

}

package dev.switchboard.orders.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.http.problem.QueryParameters;
import dev.switchboard.orders.intake.PhoneNumbers;
import dev.switchboard.orders.order.Branches;
import dev.switchboard.orders.order.OrderStatus;

import org.springframework.http.HttpStatus;

/**
 * Composable order criteria, all optional, translated into one SQL condition with bind
 * values; every criterion has an index that starts with {@code tenant_id}. A criterion
 * that cannot be used is refused by {@link #validated()}, never dropped: a dropped
 * criterion would widen the selection (a list, or a batch operation) to every order.
 *
 * @param branch selling branch
 * @param status lifecycle status
 * @param minAmount smallest amount
 * @param maxAmount largest amount
 * @param createdFrom received at or after
 * @param createdTo received before
 * @param phone customer phone, any format (compared as E.164)
 * @param email customer e-mail, case-insensitive
 * @param name part of the customer's name, case-insensitive
 */
public record OrderFilter(String branch, String status, BigDecimal minAmount, BigDecimal maxAmount, Instant createdFrom,
		Instant createdTo, String phone, String email, String name) {

	/** The condition (starting with the tenant) and its bind values. */
	public Condition condition(String tenantId) {
		StringBuilder sql = new StringBuilder("tenant_id = :tenantId");
		Map<String, Object> binds = new LinkedHashMap<>();
		binds.put("tenantId", tenantId);
		add(sql, binds, "branch = :branch", "branch", lower(this.branch));
		add(sql, binds, "status = :status", "status", lower(this.status));
		add(sql, binds, "amount >= :minAmount", "minAmount", this.minAmount);
		add(sql, binds, "amount <= :maxAmount", "maxAmount", this.maxAmount);
		add(sql, binds, "received_at >= :createdFrom", "createdFrom", this.createdFrom);
		add(sql, binds, "received_at < :createdTo", "createdTo", this.createdTo);
		String digits = (this.phone != null) ? this.phone.replaceAll("\\D", "") : "";
		add(sql, binds, "customer_phone = :phone", "phone", digits.isEmpty() ? null : "+" + digits);
		add(sql, binds, "lower(customer_email) = :email", "email", lower(this.email));
		String name = lower(this.name);
		add(sql, binds, "lower(customer_name) LIKE :name ESCAPE '\\'", "name",
				(name != null) ? "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" : null);
		return new Condition(sql.toString(), binds);
	}

	/** Every lifecycle status by its wire value. */
	static final List<String> STATUSES = Arrays.stream(OrderStatus.values()).map(OrderStatus::value).toList();

	/**
	 * The filter with branch and status in their canonical form and the phone in E.164.
	 * @throws ApiProblem {@code INVALID_BRANCH} / {@code INVALID_STATUS} listing the
	 * allowed values, {@code INVALID_PHONE}, or {@code VALIDATION_FAILED} for
	 * contradictory ranges
	 */
	public OrderFilter validated() {
		String phone = null;
		if (!QueryParameters.absent(this.phone)) {
			phone = PhoneNumbers.international(this.phone)
				.orElseThrow(() -> new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_PHONE",
						"'phone' is not a valid phone number with its country code, e.g. +972500000001",
						Map.of("field", "phone")));
		}
		return new OrderFilter(QueryParameters.oneOf("branch", this.branch, Branches.ALL.stream().sorted().toList()),
				QueryParameters.oneOf("status", this.status, STATUSES), this.minAmount, this.maxAmount,
				this.createdFrom, this.createdTo, phone, this.email, this.name)
			.ranges();
	}

	/** Refuses contradictory ranges. */
	private OrderFilter ranges() {
		if (this.minAmount != null && this.maxAmount != null && this.minAmount.compareTo(this.maxAmount) > 0) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("minAmount", "must not exceed maxAmount")));
		}
		if (this.createdFrom != null && this.createdTo != null && this.createdFrom.isAfter(this.createdTo)) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("createdFrom", "must not be after createdTo")));
		}
		return this;
	}

	private static void add(StringBuilder sql, Map<String, Object> binds, String clause, String name, Object value) {
		if (value != null) {
			sql.append(" AND ").append(clause);
			binds.put(name, value);
		}
	}

	private static String lower(String value) {
		return (value != null && !value.isBlank()) ? value.strip().toLowerCase(Locale.ROOT) : null;
	}

	/**
	 * A SQL condition.
	 *
	 * @param sql the condition with named parameters
	 * @param binds the parameter values
	 */
	public record Condition(String sql, Map<String, Object> binds) {
	}

}

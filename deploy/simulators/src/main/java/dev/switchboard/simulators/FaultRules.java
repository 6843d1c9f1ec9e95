package dev.switchboard.simulators;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** The active fault rules of one simulator; safe to change while requests run. */
public final class FaultRules {

	private final ConcurrentLinkedQueue<ActiveRule> rules = new ConcurrentLinkedQueue<>();

	FaultRules() {
	}

	/** Adds a rule after the existing ones. */
	public FaultRules add(FaultRule rule) {
		this.rules.add(new ActiveRule(Objects.requireNonNull(rule, "rule")));
		return this;
	}

	/** Removes every rule. */
	public void clear() {
		this.rules.clear();
	}

	/** The rules that can still fire, in matching order. */
	public List<FaultRule> list() {
		return this.rules.stream().map(ActiveRule::rule).toList();
	}

	/** The first rule that fires for this request, consuming one of its times. */
	Optional<FaultRule> fire(String recipient, String phoneNumberId, Predicate<FaultRule.Kind> applicable) {
		for (ActiveRule active : this.rules) {
			FaultRule rule = active.rule();
			if (applicable.test(rule.kind()) && matches(rule, recipient, phoneNumberId) && rolls(rule)
					&& active.consume()) {
				if (active.exhausted()) {
					this.rules.remove(active);
				}
				return Optional.of(rule);
			}
		}
		return Optional.empty();
	}

	private static boolean matches(FaultRule rule, String recipient, String phoneNumberId) {
		boolean recipientMatches = rule.recipient() == null
				|| (recipient != null && Phones.digits(rule.recipient()).equals(Phones.digits(recipient)));
		// CBB requests carry no phone number id, so that filter does not apply to them
		boolean numberMatches = rule.phoneNumberId() == null || phoneNumberId == null
				|| rule.phoneNumberId().equals(phoneNumberId);
		return recipientMatches && numberMatches;
	}

	private static boolean rolls(FaultRule rule) {
		return rule.probability() >= 1.0 || ThreadLocalRandom.current().nextDouble() < rule.probability();
	}

	/** A rule with its remaining number of firings. */
	private static final class ActiveRule {

		private final FaultRule rule;

		private final AtomicInteger remaining;

		ActiveRule(FaultRule rule) {
			this.rule = rule;
			this.remaining = new AtomicInteger(rule.times());
		}

		FaultRule rule() {
			return this.rule;
		}

		boolean consume() {
			if (this.rule.times() < 0) {
				return true;
			}
			return this.remaining.getAndUpdate((left) -> Math.max(0, left - 1)) > 0;
		}

		boolean exhausted() {
			return this.rule.times() >= 0 && this.remaining.get() <= 0;
		}

	}

}

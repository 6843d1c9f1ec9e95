package dev.switchboard.templates.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a template with a status can be sent: only APPROVED can (Meta refuses the rest,
 * a paused one with 132015, a disabled one with 132016).
 */
public final class TemplateStatuses {

	/** The refusal code of a paused template. */
	public static final String PAUSED = "TEMPLATE_PAUSED";

	/** The refusal code of a disabled template. */
	public static final String DISABLED = "TEMPLATE_DISABLED";

	/** The refusal code of any other status but APPROVED. */
	public static final String NOT_APPROVED = "TEMPLATE_NOT_APPROVED";

	private TemplateStatuses() {
	}

	public static boolean sendable(String status) {
		return "APPROVED".equalsIgnoreCase(status);
	}

	/** Why a template with this status cannot be sent; empty when it can. */
	public static Optional<String> refusal(String status) {
		if (sendable(status)) {
			return Optional.empty();
		}
		String upper = (status != null) ? status.toUpperCase(Locale.ROOT) : "";
		return Optional.of(switch (upper) {
			case "PAUSED" -> PAUSED;
			case "DISABLED" -> DISABLED;
			default -> NOT_APPROVED;
		});
	}

}

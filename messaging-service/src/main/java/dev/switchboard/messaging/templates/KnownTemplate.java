package dev.switchboard.messaging.templates;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One template of the projection.
 *
 * @param name template name
 * @param language language code
 * @param status Meta's status
 * @param parameterFormat POSITIONAL or NAMED, may be null
 * @param components the components as Meta returns them
 * @param stateAt when this state was true
 */
record KnownTemplate(String name, String language, String status, String parameterFormat,
		List<Map<String, Object>> components, Instant stateAt) {
}

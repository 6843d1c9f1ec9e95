package dev.switchboard.ingest.whatsapp.parsing;

import dev.switchboard.ingest.whatsapp.mapping.InvalidItemException;
import tools.jackson.databind.JsonNode;

/**
 * A status or message left out of a change because it lacks required parts.
 *
 * @param code stable reason code ({@link InvalidItemException})
 * @param detail what is missing, naming the item
 * @param content the item as received
 */
public record InvalidItem(String code, String detail, JsonNode content) {

}

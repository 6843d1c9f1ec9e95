package dev.switchboard.simulators;

/**
 * A custom field definition of the CBB account.
 *
 * @param id field id
 * @param name field name (unique)
 * @param type CBB type: 0 text, 1 number, 2 date, 3 date-time, 4 boolean, 5 long text, 6
 * select, 7 multi select
 * @param description free text
 */
public record CbbCustomField(long id, String name, int type, String description) {
}

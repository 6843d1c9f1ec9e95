package dev.switchboard.templates.rules;

/**
 * Why a send's parameters or a new template break a rule. The names are stable: API
 * answers and stored failures carry them.
 */
public enum ProblemCode {

	/**
	 * A send component that is no object, has no known type, or a template component Meta
	 * would not accept.
	 */
	COMPONENT_INVALID,

	/**
	 * A send component for a part the template does not have or that takes no parameters.
	 */
	COMPONENT_UNEXPECTED,

	/** The same component given twice. */
	COMPONENT_DUPLICATE,

	/** The number of parameters differs from the template's variables. */
	PARAMETER_COUNT,

	/**
	 * Positional parameters for a named template, or named ones for a positional
	 * template.
	 */
	PARAMETER_FORMAT,

	/** A variable or a required parameter the send does not give. */
	PARAMETER_MISSING,

	/** A named parameter the template has no variable for. */
	PARAMETER_UNKNOWN,

	/** The same named parameter given twice. */
	PARAMETER_DUPLICATE,

	/** A parameter of a type this part of the template does not take. */
	PARAMETER_TYPE,

	/** A text over its limit. */
	TEXT_TOO_LONG,

	/**
	 * A text that is blank or holds a newline, a tab or more than four spaces in a row.
	 */
	TEXT_INVALID,

	/** A media header parameter whose type differs from the header's format. */
	HEADER_MEDIA_TYPE,

	/** A media parameter without exactly one of id or link. */
	MEDIA_INVALID,

	/** A location parameter without valid latitude, longitude, name and address. */
	LOCATION_INVALID,

	/**
	 * A button index that is no number, outside the template's buttons, or given twice.
	 */
	BUTTON_INDEX,

	/** A button sub type that does not match the template's button at that index. */
	BUTTON_SUB_TYPE,

	/**
	 * A currency parameter without fallback value, ISO 4217 code and a whole amount_1000.
	 */
	CURRENCY_INVALID,

	/** A date_time parameter without fallback value. */
	DATE_TIME_INVALID,

	/**
	 * A template name that is not 1 to 512 lower-case letters, digits and underscores.
	 */
	NAME_INVALID,

	/** A category other than MARKETING, UTILITY or AUTHENTICATION. */
	CATEGORY_INVALID,

	/** A language code that is not like {@code en}, {@code en_US} or {@code fil}. */
	LANGUAGE_INVALID,

	/** A parameter format other than POSITIONAL or NAMED. */
	PARAMETER_FORMAT_INVALID,

	/** A template without its one BODY. */
	BODY_MISSING,

	/** A header format that is unknown or not allowed for the template's category. */
	HEADER_FORMAT_INVALID,

	/** A text component without text. */
	TEXT_MISSING,

	/** Positional variables that are not exactly {{1}} to {{n}}. */
	VARIABLES_NOT_SEQUENTIAL,

	/** A variable that is neither a number nor a lower-case name. */
	VARIABLE_NAME_INVALID,

	/** Named and positional variables in one template. */
	VARIABLES_MIXED,

	/**
	 * A variable at the very start or end of the body (trailing punctuation counts as the
	 * end).
	 */
	VARIABLE_AT_EDGE,

	/** Two variables with nothing but whitespace between them. */
	VARIABLES_ADJACENT,

	/** More variables than the part allows, or too many for the text's length. */
	TOO_MANY_VARIABLES,

	/** A variable where none is allowed (footer, button labels). */
	VARIABLE_NOT_ALLOWED,

	/** A variable or media header without its example. */
	EXAMPLE_MISSING,

	/** Examples that do not match the variables, or an example value Meta refuses. */
	EXAMPLE_INVALID,

	/** More buttons, in total or of one type, than Meta allows. */
	BUTTON_LIMIT,

	/** Quick replies mixed in between the other buttons. */
	BUTTONS_NOT_GROUPED,

	/** A button of an unknown type or without what its type needs. */
	BUTTON_INVALID

}

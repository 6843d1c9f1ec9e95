package dev.switchboard.http.problem;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ServerWebInputException;

/**
 * A request Spring could not read, explained for people: the JSON path of the field and
 * what it must be, or where the JSON broke. Never a class name, never more than a short
 * piece of the input.
 */
public final class MalformedRequests {

	private MalformedRequests() {
	}

	/** The problem a request that could not be read is answered with. */
	static ApiProblem of(ServerWebInputException ex) {
		if (ex instanceof MissingRequestValueException missing) {
			return ApiProblem.malformedRequest("The " + missing.getLabel() + " '" + missing.getName() + "' is required",
					missing.getName());
		}
		JacksonException json = cause(ex, JacksonException.class);
		if (json != null) {
			return ofJson(json);
		}
		if (cause(ex, DataBufferLimitException.class) != null) {
			return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE", "The request body is too large");
		}
		if (cause(ex, CharacterCodingException.class) != null) {
			return ApiProblem.malformedRequest("The request body is not valid UTF-8", null);
		}
		TypeMismatchException mismatch = cause(ex, TypeMismatchException.class);
		String parameter = parameterName(ex.getMethodParameter());
		if (mismatch != null && parameter != null) {
			return ApiProblem.invalidParameter(parameter,
					"'" + parameter + "' must be " + expected(mismatch.getRequiredType()));
		}
		if (ex.getReason() != null && ex.getReason().startsWith("No request body")) {
			return ApiProblem.malformedRequest("The request body is missing: a JSON object is expected", null);
		}
		return ApiProblem.malformedRequest("The request could not be read", parameter);
	}

	private static ApiProblem ofJson(JacksonException ex) {
		String field = path(ex);
		if (ex instanceof InvalidFormatException invalid && field != null) {
			String value = (invalid.getValue() != null)
					? " ('" + ApiProblem.shortened(invalid.getValue().toString()) + "')" : "";
			return ApiProblem.malformedRequest("Field '" + field + "' has an invalid value" + value + ": it must be "
					+ expected(invalid.getTargetType()), field);
		}
		if (ex instanceof MismatchedInputException mismatched) {
			String expected = expected(mismatched.getTargetType());
			if (field == null) {
				return ApiProblem
					.malformedRequest(isEmpty(mismatched) ? "The request body is empty: " + expected + " is expected"
							: "The request body must be " + expected, null);
			}
			return ApiProblem.malformedRequest("Field '" + field + "' must be " + expected, field);
		}
		String where = where(ex.getLocation()) + ((field != null) ? " in field '" + field + "'" : "");
		String message = (ex.getOriginalMessage() != null) ? ex.getOriginalMessage() : "";
		if (ex instanceof UnexpectedEndOfInputException || message.contains("end-of-input")) {
			return ApiProblem.malformedRequest("The JSON body ends too early" + where, field);
		}
		if (message.contains("UTF-8") || message.contains("UTF8")) {
			return ApiProblem.malformedRequest("The request body is not valid UTF-8" + where, field);
		}
		return ApiProblem.malformedRequest("The request body is not valid JSON" + where, field);
	}

	/** The JSON path of the field, e.g. {@code messages[2].to}; null for the root. */
	public static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? null : path.toString();
	}

	/** What a value of the type looks like in JSON, for people. */
	static String expected(Class<?> type) {
		if (type == null) {
			return "of another type";
		}
		if (type == String.class || type == Character.class || type == char.class) {
			return "a string";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class
				|| type == Short.class || type == short.class || type == BigInteger.class) {
			return "a whole number";
		}
		if (type == BigDecimal.class || type == Double.class || type == double.class || type == Float.class
				|| type == float.class || Number.class.isAssignableFrom(type)) {
			return "a number";
		}
		if (type.isEnum()) {
			return "one of " + enumValues(type);
		}
		if (Temporal.class.isAssignableFrom(type)) {
			return "an ISO-8601 date-time, e.g. 2026-01-01T00:00:00Z";
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "an array";
		}
		if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
			return "an object";
		}
		return "of another type";
	}

	private static String enumValues(Class<?> type) {
		StringBuilder values = new StringBuilder();
		for (Object constant : type.getEnumConstants()) {
			if (!values.isEmpty()) {
				values.append(", ");
			}
			values.append(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
		}
		return values.toString();
	}

	private static boolean isEmpty(MismatchedInputException ex) {
		String message = ex.getOriginalMessage();
		return message != null && message.startsWith("No content to map");
	}

	private static String where(TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

	private static String parameterName(MethodParameter parameter) {
		return (parameter != null) ? parameter.getParameterName() : null;
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 10; depth++) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = current.getCause();
		}
		return null;
	}

}

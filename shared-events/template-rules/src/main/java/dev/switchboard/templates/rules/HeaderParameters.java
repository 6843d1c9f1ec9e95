package dev.switchboard.templates.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fills a template's header with the send's header component. */
final class HeaderParameters {

	static final String PART = "HEADER";

	/** Header text parameters: Meta's header limit. */
	static final int MAX_HEADER_TEXT = 60;

	private static final Set<String> MEDIA_FORMATS = Set.of("IMAGE", "VIDEO", "DOCUMENT", "GIF");

	private final Problems problems;

	HeaderParameters(Problems problems) {
		this.problems = problems;
	}

	/** The rendered header; null when the template has none. */
	RenderedHeader fill(TemplateLayout.Header header, boolean named, Map<String, Object> sent) {
		List<?> parameters = (sent != null) ? Values.list(sent.get("parameters")) : null;
		if (header == null) {
			if (sent != null) {
				this.problems.add(ProblemCode.COMPONENT_UNEXPECTED, PART, "the template has no header");
			}
			return null;
		}
		if (header.isText()) {
			if (header.variables().isEmpty()) {
				if (parameters != null && !parameters.isEmpty()) {
					this.problems.add(ProblemCode.COMPONENT_UNEXPECTED, PART, "the template's header has no variable");
				}
				return new RenderedHeader("TEXT", header.text(), null);
			}
			String text = new TextParameters(PART, named, MAX_HEADER_TEXT, false, this.problems).fill(header.text(),
					parameters);
			return new RenderedHeader("TEXT", text, null);
		}
		if (MEDIA_FORMATS.contains(header.format())) {
			return new RenderedHeader(header.format(), null, media(header.format(), parameters));
		}
		if ("LOCATION".equals(header.format())) {
			return new RenderedHeader("LOCATION", null, location(parameters));
		}
		// a format these rules do not know: passed on unchecked
		return new RenderedHeader(header.format(), null, null);
	}

	private Map<String, Object> single(String format, List<?> parameters) {
		if (parameters == null || parameters.isEmpty()) {
			this.problems.add(ProblemCode.PARAMETER_MISSING, PART,
					"the template's " + format + " header needs a " + format.toLowerCase() + " parameter");
			return null;
		}
		if (parameters.size() > 1) {
			this.problems.add(ProblemCode.PARAMETER_COUNT, PART,
					"the header takes 1 parameter, the send gives " + parameters.size());
		}
		Map<String, Object> parameter = Values.map(parameters.get(0));
		if (parameter == null) {
			this.problems.add(ProblemCode.PARAMETER_TYPE, PART, "parameter 1 is not an object");
		}
		return parameter;
	}

	private Map<String, Object> media(String format, List<?> parameters) {
		Map<String, Object> parameter = single(format, parameters);
		if (parameter == null) {
			return null;
		}
		String expected = format.toLowerCase(java.util.Locale.ROOT);
		String type = Values.string(parameter, "type");
		if (!expected.equals(type)) {
			this.problems.add(ProblemCode.HEADER_MEDIA_TYPE, PART,
					"the template's header is " + format + ", the send gives " + type);
			return null;
		}
		Map<String, Object> media = Values.map(parameter.get(type));
		boolean hasId = media != null && !Values.blank(Values.string(media, "id"));
		boolean hasLink = media != null && !Values.blank(Values.string(media, "link"));
		if (hasId == hasLink) {
			this.problems.add(ProblemCode.MEDIA_INVALID, PART, type + " needs exactly one of id or link");
			return null;
		}
		return media;
	}

	private Map<String, Object> location(List<?> parameters) {
		Map<String, Object> parameter = single("LOCATION", parameters);
		if (parameter == null) {
			return null;
		}
		String type = Values.string(parameter, "type");
		if (!"location".equals(type)) {
			this.problems.add(ProblemCode.HEADER_MEDIA_TYPE, PART,
					"the template's header is LOCATION, the send gives " + type);
			return null;
		}
		Map<String, Object> location = Values.map(parameter.get("location"));
		Double latitude = (location != null) ? Values.decimal(location.get("latitude")) : null;
		Double longitude = (location != null) ? Values.decimal(location.get("longitude")) : null;
		if (latitude == null || longitude == null || Math.abs(latitude) > 90 || Math.abs(longitude) > 180
				|| Values.blank(Values.string(location, "name")) || Values.blank(Values.string(location, "address"))) {
			this.problems.add(ProblemCode.LOCATION_INVALID, PART,
					"location needs latitude (-90 to 90), longitude (-180 to 180), name and address");
			return null;
		}
		return location;
	}

}

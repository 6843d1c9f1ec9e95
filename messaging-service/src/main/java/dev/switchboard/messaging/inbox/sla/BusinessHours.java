package dev.switchboard.messaging.inbox.sla;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A queue's working hours: SLA clocks run only inside them. JSON shape (the queue's
 * {@code businessHours}):
 *
 * <pre>
 * {"timeZone": "Europe/Berlin",
 *  "weekly": {"MONDAY": [{"from": "09:00", "to": "12:30"}, {"from": "13:30", "to": "17:00"}], ...},
 *  "holidays": ["2026-12-25"]}
 * </pre>
 *
 * Days missing from {@code weekly} are closed; {@code to} may be {@code 24:00}; intervals
 * of a day may not overlap; holidays are closed all day. Times are wall-clock times of
 * the zone, so a day on which the clocks change is as long as it really is.
 */
public final class BusinessHours {

	/** No calendar: clocks run around the clock. */
	public static final BusinessHours ALWAYS = new BusinessHours(ZoneId.of("UTC"), allWeek(), Set.of());

	/**
	 * How far ahead an end is looked for before the calendar is taken as closed for good.
	 */
	private static final int MAX_DAYS = 800;

	private static final int MINUTES_PER_DAY = 24 * 60;

	private static final Set<String> FIELDS = Set.of("timeZone", "weekly", "holidays");

	private final ZoneId zone;

	private final Map<DayOfWeek, List<Interval>> weekly;

	private final Set<LocalDate> holidays;

	private BusinessHours(ZoneId zone, Map<DayOfWeek, List<Interval>> weekly, Set<LocalDate> holidays) {
		this.zone = zone;
		this.weekly = weekly;
		this.holidays = holidays;
	}

	/**
	 * Reads the queue's {@code businessHours} object.
	 * @param json the object, null for {@link #ALWAYS}
	 * @throws InvalidSlaSettings naming the field under {@code businessHours}
	 */
	public static BusinessHours parse(Map<String, Object> json) {
		if (json == null) {
			return ALWAYS;
		}
		for (String key : json.keySet()) {
			if (!FIELDS.contains(key)) {
				throw invalid(key, "is not a field of business hours (" + FIELDS + ")");
			}
		}
		ZoneId zone;
		if (!(json.get("timeZone") instanceof String name)) {
			throw invalid("timeZone", "is required: an IANA time zone such as Europe/Berlin");
		}
		try {
			zone = ZoneId.of(name);
		}
		catch (DateTimeException ex) {
			throw invalid("timeZone", "must be an IANA time zone such as Europe/Berlin");
		}
		if (!(json.get("weekly") instanceof Map<?, ?> days)) {
			throw invalid("weekly", "is required: an object of days (MONDAY…SUNDAY) with lists of {from, to}");
		}
		Map<DayOfWeek, List<Interval>> weekly = new EnumMap<>(DayOfWeek.class);
		for (Map.Entry<?, ?> day : days.entrySet()) {
			String dayName = String.valueOf(day.getKey());
			DayOfWeek dayOfWeek;
			try {
				dayOfWeek = DayOfWeek.valueOf(dayName.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw invalid("weekly." + dayName, "is no day: MONDAY…SUNDAY");
			}
			weekly.put(dayOfWeek, intervals("weekly." + dayName, day.getValue()));
		}
		if (weekly.values().stream().allMatch(List::isEmpty)) {
			throw invalid("weekly", "must open on at least one day (clocks would never run)");
		}
		Set<LocalDate> holidays = new HashSet<>();
		Object rawHolidays = json.get("holidays");
		if (rawHolidays != null) {
			if (!(rawHolidays instanceof List<?> list)) {
				throw invalid("holidays", "must be a list of dates (YYYY-MM-DD)");
			}
			for (int i = 0; i < list.size(); i++) {
				try {
					holidays.add(LocalDate.parse(String.valueOf(list.get(i))));
				}
				catch (DateTimeParseException ex) {
					throw invalid("holidays[" + i + "]", "must be a date (YYYY-MM-DD)");
				}
			}
		}
		return new BusinessHours(zone, weekly, Set.copyOf(holidays));
	}

	/**
	 * The instant at which {@code duration} of working time has passed since
	 * {@code start} (a start outside the hours waits for the next opening).
	 */
	public Instant plus(Instant start, Duration duration) {
		if (this == ALWAYS) {
			return start.plus(duration);
		}
		Duration remaining = duration;
		LocalDate date = start.atZone(this.zone).toLocalDate();
		for (int day = 0; day < MAX_DAYS; day++, date = date.plusDays(1)) {
			if (this.holidays.contains(date)) {
				continue;
			}
			for (Interval interval : this.weekly.getOrDefault(date.getDayOfWeek(), List.of())) {
				Instant open = instant(date, interval.from());
				Instant close = instant(date, interval.to());
				if (!close.isAfter(start)) {
					continue;
				}
				Instant from = open.isAfter(start) ? open : start;
				Duration available = Duration.between(from, close);
				if (remaining.compareTo(available) <= 0) {
					return from.plus(remaining);
				}
				remaining = remaining.minus(available);
			}
		}
		// Holidays closing every opening for years: the target counts in calendar time.
		return start.plus(duration);
	}

	/**
	 * The instant of a wall-clock minute of the day (a time in a DST gap moves forward).
	 */
	private Instant instant(LocalDate date, int minuteOfDay) {
		if (minuteOfDay == MINUTES_PER_DAY) {
			return date.plusDays(1).atStartOfDay(this.zone).toInstant();
		}
		return ZonedDateTime.of(date, LocalTime.ofSecondOfDay(minuteOfDay * 60L), this.zone).toInstant();
	}

	private static List<Interval> intervals(String field, Object raw) {
		if (!(raw instanceof List<?> list)) {
			throw invalid(field, "must be a list of {\"from\": \"HH:mm\", \"to\": \"HH:mm\"}");
		}
		List<Interval> intervals = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			String at = field + "[" + i + "]";
			if (!(list.get(i) instanceof Map<?, ?> interval) || interval.size() != 2) {
				throw invalid(at, "must be {\"from\": \"HH:mm\", \"to\": \"HH:mm\"}");
			}
			int from = minute(at + ".from", interval.get("from"), false);
			int to = minute(at + ".to", interval.get("to"), true);
			if (to <= from) {
				throw invalid(at + ".to", "must be after from");
			}
			intervals.add(new Interval(from, to));
		}
		intervals.sort(Comparator.comparingInt(Interval::from));
		for (int i = 1; i < intervals.size(); i++) {
			if (intervals.get(i).from() < intervals.get(i - 1).to()) {
				throw invalid(field, "intervals of a day must not overlap");
			}
		}
		return List.copyOf(intervals);
	}

	private static int minute(String field, Object raw, boolean endOfDayAllowed) {
		if (raw instanceof String text) {
			if (endOfDayAllowed && "24:00".equals(text)) {
				return MINUTES_PER_DAY;
			}
			if (text.matches("\\d{2}:\\d{2}")) {
				try {
					LocalTime time = LocalTime.parse(text);
					return time.getHour() * 60 + time.getMinute();
				}
				catch (DateTimeParseException ex) {
					// reported below
				}
			}
		}
		throw invalid(field, "must be a time HH:mm" + (endOfDayAllowed ? " (or 24:00)" : ""));
	}

	private static Map<DayOfWeek, List<Interval>> allWeek() {
		Map<DayOfWeek, List<Interval>> weekly = new EnumMap<>(DayOfWeek.class);
		for (DayOfWeek day : DayOfWeek.values()) {
			weekly.put(day, List.of(new Interval(0, MINUTES_PER_DAY)));
		}
		return weekly;
	}

	private static InvalidSlaSettings invalid(String field, String message) {
		return new InvalidSlaSettings("businessHours." + field, message);
	}

	/** Minutes of the day, {@code to} exclusive. */
	private record Interval(int from, int to) {
	}

}

package nl.opencordon.vehicleregister.rdw;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of RDW open-data values, which are all strings: dates as 20130517, numbers as "1976" or "103.00". */
final class RdwValues {
  private RdwValues() {}

  /** "EURO 5 G", "EURO 6D", "EURO 5A", "EURO VI C": the level, then a letter or anything else but a further digit. */
  private static final Pattern EURO = Pattern.compile("EURO\\s*(?:([0-6])(?![0-9])|(VI|IV|V|III|II|I)(?![IVX]))");
  private static final Pattern EEV = Pattern.compile("\\bEEV\\b", Pattern.CASE_INSENSITIVE);
  private static final String[] ROMAN = {"I", "II", "III", "IV", "V", "VI"};

  static String plate(String v) {
    String t = text(v);
    return t == null ? null : t.toUpperCase(Locale.ROOT).replace("-", "");
  }

  static String text(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** yyyyMMdd as in the API and the bulk export's Number columns; ISO dates are accepted too. */
  static LocalDate date(String v) {
    String t = text(v);
    if (t == null) {
      return null;
    }
    try {
      return t.length() == 8 ? LocalDate.parse(t, DateTimeFormatter.BASIC_ISO_DATE) : LocalDate.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a date: '" + t + "'");
    }
  }

  /**
   * A code as RDW writes it in a Number or Text column: a number without leading zeros or decimals ("03", "3.00"
   * and "3" are "3"), anything else trimmed and upper-cased; null when blank.
   */
  static String code(String v) {
    String t = text(v);
    if (t == null) {
      return null;
    }
    return t.matches("\\d+(\\.0*)?") ? t.replaceFirst("\\..*", "").replaceFirst("^0+(?=\\d)", "")
        : t.toUpperCase(Locale.ROOT);
  }

  static Integer integer(String v) {
    String t = text(v);
    if (t == null) {
      return null;
    }
    try {
      return (int) Math.round(Double.parseDouble(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: '" + t + "'");
    }
  }

  /**
   * The emission class "0".."6" or "Z" from emissiecode_omschrijving, else from the euro level in
   * uitlaatemissieniveau ("EURO 5 G", "EURO 6D", "EURO VI C"). EEV (code E, the heavy "enhanced
   * environmentally friendly vehicle" standard between Euro V and VI) meets Euro V, so it counts as 5; codes
   * such as A or R say nothing about the class.
   */
  static Optional<String> emissionClass(String emissionCode, String exhaustLevel) {
    String code = text(emissionCode);
    if (code != null && code.matches("[0-6]|[zZ]")) {
      return Optional.of(code.toUpperCase(Locale.ROOT));
    }
    String level = text(exhaustLevel);
    if ("E".equalsIgnoreCase(code) || "EEV".equalsIgnoreCase(code) || (level != null && EEV.matcher(level).find())) {
      return Optional.of("5");
    }
    if (level == null) {
      return Optional.empty();
    }
    Matcher m = EURO.matcher(level.toUpperCase(Locale.ROOT));
    if (!m.find()) {
      return Optional.empty();
    }
    if (m.group(1) != null) {
      return Optional.of(m.group(1));
    }
    return Optional.of(String.valueOf(List.of(ROMAN).indexOf(m.group(2)) + 1));
  }
}

package nl.opencordon.vehicleregister.rdw;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of RDW open-data values, which are all strings: dates as 20130517, numbers as "1976" or "103.00". */
final class RdwValues {
  private RdwValues() {}

  private static final Pattern EURO = Pattern.compile("EURO\\s*([0-9]|VI|V|IV|III|II|I)\\b");
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
   * uitlaatemissieniveau ("EURO 5 G", "EURO VI C"); codes such as A, E or R say nothing about the class.
   */
  static Optional<String> emissionClass(String emissionCode, String exhaustLevel) {
    String code = text(emissionCode);
    if (code != null && code.matches("[0-6]|[zZ]")) {
      return Optional.of(code.toUpperCase(Locale.ROOT));
    }
    String level = text(exhaustLevel);
    if (level == null) {
      return Optional.empty();
    }
    Matcher m = EURO.matcher(level.toUpperCase(Locale.ROOT));
    if (!m.find()) {
      return Optional.empty();
    }
    String g = m.group(1);
    if (Character.isDigit(g.charAt(0))) {
      return Optional.of(g);
    }
    for (int i = 0; i < ROMAN.length; i++) {
      if (ROMAN[i].equals(g)) {
        return Optional.of(String.valueOf(i + 1));
      }
    }
    return Optional.empty();
  }
}
